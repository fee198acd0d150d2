import { ReactNode, RefObject } from 'react';
import { type Common, fieldClass, type Option } from './plain-fields';
import {
  Button,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Radio,
  RadioGroup,
  Select,
  SelectValue,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';

/**
 * The form fields of both apps (GOV.UK order: label, hint, then the error, then the input), on
 * React Aria: labels, descriptions, `aria-invalid` and focus come from the library. The hint and
 * the error keep the ids `<id>-hint` and `<id>-error`, so a page or a test can point at them.
 */

function HintAndError({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <Text slot="description" id={`${id}-hint`} className="hint">
          {hint}
        </Text>
      )}
      <FieldError id={`${id}-error`} className="field-error">
        {error}
      </FieldError>
    </>
  );
}

/** A labelled text input. */
export function TextInput(
  p: Common & {
    value: string;
    onChange: (v: string) => void;
    type?: 'text' | 'password' | 'date' | 'number' | 'search' | 'email' | 'tel';
    inputMode?: 'text' | 'numeric' | 'tel' | 'email' | 'none' | 'decimal' | 'search';
    autoComplete?: string;
    dir?: 'ltr' | 'rtl' | 'auto';
    autoFocus?: boolean;
    inputRef?: RefObject<HTMLInputElement | null>;
    onFocus?: () => void;
  },
) {
  return (
    <TextField
      id={p.id}
      className={fieldClass(p.className)}
      value={p.value}
      onChange={p.onChange}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      type={p.type ?? 'text'}
      inputMode={p.inputMode}
      autoComplete={p.autoComplete}
      autoFocus={p.autoFocus}
      onFocus={p.onFocus}
      validationBehavior="aria"
    >
      <Label>{p.label}</Label>
      <HintAndError id={p.id} hint={p.hint} error={p.error} />
      <Input ref={p.inputRef} dir={p.dir} />
    </TextField>
  );
}

/** A labelled text area (a reason, a description). */
export function LongText(p: Common & { value: string; onChange: (v: string) => void; rows?: number; dir?: 'ltr' | 'rtl' | 'auto' }) {
  return (
    <TextField
      id={p.id}
      className={fieldClass(p.className)}
      value={p.value}
      onChange={p.onChange}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      validationBehavior="aria"
    >
      <Label>{p.label}</Label>
      <HintAndError id={p.id} hint={p.hint} error={p.error} />
      <TextArea rows={p.rows ?? 4} dir={p.dir} />
    </TextField>
  );
}

/** Radios for a short list of choices (GOV.UK); arrow keys move within the group, as screen readers expect. */
export function Choice(p: Common & { value: string; onChange: (v: string) => void; options: Option[] }) {
  return (
    <RadioGroup
      id={p.id}
      className={fieldClass(p.className, 'field radios')}
      value={p.value || null}
      onChange={p.onChange}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      validationBehavior="aria"
    >
      <Label className="react-aria-Label legend">{p.label}</Label>
      <HintAndError id={p.id} hint={p.hint} error={p.error} />
      {p.options.map((o) => (
        <Radio key={o.value} value={o.value} className="react-aria-Radio radio">
          {o.label}
        </Radio>
      ))}
    </RadioGroup>
  );
}

/** A dropdown that is not a form answer (filters): React Aria's Select, keyboard and screen reader behaviour included. */
export function Dropdown(p: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: Option[];
  children?: ReactNode;
}) {
  return (
    <Select id={p.id} className="field select" selectedKey={p.value} onSelectionChange={(k) => p.onChange(String(k ?? ''))}>
      <Label>{p.label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      {p.children}
      <Popover className="select-popover">
        <ListBox>
          {p.options.map((o) => (
            <ListBoxItem key={o.value} id={o.value} className="option">
              {o.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
