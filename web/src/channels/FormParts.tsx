// Pieces every settings form uses: a titled section, and inputs wired to their JSON pointer so
// a problem (local or from the server) appears on them and a summary link can focus them.
import { NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CredentialName } from '../api/channels.ts';
import type { FieldErrors } from '../api/forms.ts';
import { fieldId } from './fields.ts';

/** What a settings form needs from the editor around it. */
export interface FormContext {
  errors: FieldErrors;
  readOnly: boolean;
  /** Renders the write-only field of a credential (its status and replace/remove actions). */
  credential: (name: CredentialName) => ReactNode;
}

export function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label={title}>
      <Stack gap="md">
        <div>
          <Title order={4}>{title}</Title>
          {description && (
            <Text size="sm" c="dimmed" mt={2}>
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}

export function Pair({ children }: { children: ReactNode }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
      {children}
    </SimpleGrid>
  );
}

interface TextFieldProps {
  ctx: FormContext;
  path: string;
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  description?: ReactNode;
  placeholder?: string;
  required?: boolean;
  type?: 'email' | 'url' | 'text';
}

export function TextField(props: TextFieldProps) {
  return (
    <TextInput
      id={fieldId(props.path)}
      label={props.label}
      description={props.description}
      placeholder={props.placeholder}
      required={props.required}
      type={props.type ?? 'text'}
      value={props.value ?? ''}
      onChange={(event) => props.onChange(event.currentTarget.value)}
      error={props.ctx.errors[props.path]}
      readOnly={props.ctx.readOnly}
      spellCheck={false}
    />
  );
}

interface NumberFieldProps {
  ctx: FormContext;
  path: string;
  label: string;
  value: number | undefined;
  onChange: (value: number) => void;
  description?: ReactNode;
  min: number;
  max: number;
  suffix?: string;
  required?: boolean;
}

/** An integer; an empty input is NaN, which validation calls "Required". */
export function NumberField(props: NumberFieldProps) {
  const value = props.value === undefined || Number.isNaN(props.value) ? '' : props.value;
  return (
    <NumberInput
      id={fieldId(props.path)}
      label={props.label}
      description={props.description}
      required={props.required}
      min={props.min}
      max={props.max}
      allowDecimal={false}
      allowNegative={false}
      suffix={props.suffix}
      value={value}
      onChange={(next) => props.onChange(typeof next === 'number' ? next : NaN)}
      error={props.ctx.errors[props.path]}
      readOnly={props.ctx.readOnly}
    />
  );
}
