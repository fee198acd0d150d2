// The web kit: what the citizen and agent apps share. Each module is small and side-effect free,
// so an app's bundle carries only what it imports (the citizen guide's first load stays light).
export { ApiError, must, unwrap, problemCode, newIdempotencyKey } from './api';
export { createSession, type Session, type SessionOptions } from './session';
export { fieldErrorsOf, generalProblemOf, type FieldError, type GeneralProblem, type Reason } from './problems';
export { createLanguages, mergeCatalogues, useRich, type Catalogue, type LanguagesConfig } from './i18n';
export { intlKnows, moroccanLocale } from './locale';
export { SHARED_LANGUAGES, useKitT, type KitMessageId, type Language } from './kit-t';
export { ErrorSummary, focusField, type FieldProblem } from './ErrorSummary';
export { LanguageSwitch } from './LanguageSwitch';
export { createRouter, matchRoute } from './router';
export { identityRules, normalizeCin, prefetchIdentity, useIdentity, type IdentityPatterns, type IdentityRules } from './identity';
export { Choice, Dropdown, LongText, TextInput } from './fields';
export { SearchInput, SelectField, type Option } from './plain-fields';
