import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, Matches, registerDecorator, ValidationOptions } from 'class-validator';
import { CIN_PATTERN, MOBILE_PATTERN, normalizeCin, normalizePhone, PHONE_PATTERN } from '@app/core';

/** A CIN in any case and spacing, stored as `AB123456`. */
export const IsCin = () =>
  applyDecorators(
    ApiProperty({ example: 'AB123456', description: 'National ID card number: one or two letters then digits' }),
    Transform(({ value }) => (typeof value === 'string' ? normalizeCin(value) : value)),
    Matches(CIN_PATTERN, { message: 'cin must be one or two letters followed by digits (e.g. AB123456)' }),
  );

/** A Moroccan mobile number in any usual form (06…, +2126…, 002126…), stored in E.164. */
export const IsMoroccanMobile = () =>
  applyDecorators(
    ApiProperty({ example: '+212612345678', description: 'Moroccan mobile number (+2126… or +2127…)' }),
    Transform(({ value }) => (typeof value === 'string' ? (normalizePhone(value) ?? value) : value)),
    Matches(MOBILE_PATTERN, { message: 'phone must be a Moroccan mobile number (06…, 07…, +2126…, +2127…)' }),
  );

/** A Moroccan mobile number as sent, in E.164 (+2126…, +2127…): it will receive SMS. */
export const IsMobileE164 = (message = 'phone must be a Moroccan mobile number in E.164') => Matches(MOBILE_PATTERN, { message });

/** Any Moroccan number (fixed line or mobile) in E.164. */
export const IsPhoneE164 = (message = 'phone must be a Moroccan number in E.164') => Matches(PHONE_PATTERN, { message });

function IsNotFuture(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotFuture',
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a past date (not in the future, not before 1900)`, ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && v <= new Date().toISOString().slice(0, 10) && v >= '1900-01-01' },
    });
}

export const IsBirthDate = () =>
  applyDecorators(ApiProperty({ format: 'date', example: '1990-04-12' }), IsDateString({ strict: true }), IsNotFuture());
