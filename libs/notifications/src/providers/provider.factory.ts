import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { NotificationChannel, NotificationProvider } from './provider';
import { ConsoleSmsProvider, FileSmsProvider, HttpSmsProvider } from './sms.providers';
import { SmtpEmailProvider } from './smtp-email.provider';

/** Picks each channel's provider from the configuration; email is off without SMTP_URL. */
@Injectable()
export class ProviderFactory {
  private readonly providers = new Map<NotificationChannel, NotificationProvider>();

  constructor(config: AppConfig) {
    const sms =
      config.SMS_PROVIDER === 'file'
        ? new FileSmsProvider(config.SMS_FILE)
        : config.SMS_PROVIDER === 'http'
          ? new HttpSmsProvider(config.SMS_HTTP_URL!, config.SMS_HTTP_KEY)
          : new ConsoleSmsProvider();
    this.providers.set('sms', sms);
    if (config.SMTP_URL) this.providers.set('email', new SmtpEmailProvider(config.SMTP_URL, config.MAIL_FROM));
  }

  get(channel: NotificationChannel): NotificationProvider | undefined {
    return this.providers.get(channel);
  }
}
