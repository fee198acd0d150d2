import { FileType, UploadRule } from '@app/core';

/** What an agent may be asked to open: PDF, JPEG or PNG, named for what they are. */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const satisfies readonly FileType[];
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export const attachmentRule = (maxBytes: number): UploadRule => ({
  noun: 'document',
  accepts: ATTACHMENT_TYPES,
  maxBytes,
  refusal: 'only PDF, JPEG and PNG documents are accepted (checked from the content)',
  knownExtensionsOnly: true,
});
