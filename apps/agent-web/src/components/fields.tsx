import { ReactNode } from 'react';
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

interface Common {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  isRequired?: boolean;
}

/** A labelled text input (GOV.UK: label, hint, error above the input). */
export function TextInput({
  id,
  label,
  hint,
  error,
  isRequired,
  value,
  onChange,
  type = 'text',
  dir,
  autoFocus,
  autoComplete,
}: Common & {
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'password' | 'date' | 'number' | 'search' | 'email' | 'tel';
  dir?: 'ltr' | 'rtl';
  autoFocus?: boolean;
  autoComplete?: string;
}) {
  return (
    <TextField
      id={id}
      className="field"
      value={value}
      onChange={onChange}
      isInvalid={!!error}
      isRequired={isRequired}
      type={type}
      validationBehavior="aria"
      autoFocus={autoFocus}
      autoComplete={autoComplete}
    >
      <Label>{label}</Label>
      {hint && (
        <Text slot="description" className="hint">
          {hint}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
      <Input dir={dir} />
    </TextField>
  );
}

export function LongText({
  id,
  label,
  hint,
  error,
  isRequired,
  value,
  onChange,
}: Common & { value: string; onChange: (v: string) => void }) {
  return (
    <TextField
      id={id}
      className="field"
      value={value}
      onChange={onChange}
      isInvalid={!!error}
      isRequired={isRequired}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      {hint && (
        <Text slot="description" className="hint">
          {hint}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
      <TextArea rows={4} />
    </TextField>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** Radios for a short list of choices (GOV.UK), arrow keys from React Aria. */
export function Choice({
  id,
  label,
  hint,
  error,
  isRequired,
  value,
  onChange,
  options,
}: Common & { value: string; onChange: (v: string) => void; options: Option[] }) {
  return (
    <RadioGroup
      id={id}
      className="field radios"
      value={value || null}
      onChange={onChange}
      isInvalid={!!error}
      isRequired={isRequired}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      {hint && (
        <Text slot="description" className="hint">
          {hint}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
      {options.map((o) => (
        <Radio key={o.value} value={o.value}>
          {o.label}
        </Radio>
      ))}
    </RadioGroup>
  );
}

/** A dropdown (filters): React Aria's Select, keyboard and screen reader behaviour included. */
export function Dropdown({
  id,
  label,
  value,
  onChange,
  options,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: Option[];
  children?: ReactNode;
}) {
  return (
    <Select id={id} className="field select" selectedKey={value} onSelectionChange={(k) => onChange(String(k ?? ''))}>
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      {children}
      <Popover className="select-popover">
        <ListBox>
          {options.map((o) => (
            <ListBoxItem key={o.value} id={o.value} className="option">
              {o.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
