export type NotificationChannel = 'sms' | 'email';

export interface OutgoingMessage {
  to: string;
  text: string;
  subject?: string;
  html?: string;
  /** Stable per notification: a provider that honours it never delivers the same message twice. */
  idempotencyKey: string;
  template: string;
  language: string;
}

/** One delivery channel's provider. Adding a provider means adding one class. */
export interface NotificationProvider {
  readonly id: string;
  readonly channel: NotificationChannel;
  send(message: OutgoingMessage): Promise<{ providerMessageId?: string }>;
  /** Is the provider reachable and configured? (health, ops) */
  check(): Promise<boolean>;
}

/** The provider refused the message for good (invalid number, 4xx): retrying cannot help. */
export class PermanentDeliveryFailure extends Error {
  name = 'PermanentDeliveryFailure';
}

import { maskDestination } from '@app/core';

export { maskDestination };
