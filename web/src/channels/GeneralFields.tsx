// Name, description, category and rate limit of a configuration (the channel is fixed once
// created).
import { Input, SegmentedControl, Textarea } from '@mantine/core';
import type { ConfigurationInput, MessageCategory } from '../api/channels.ts';
import { fieldId } from './fields.ts';
import { NumberField, Pair, Section, TextField, type FormContext } from './FormParts.tsx';
import { CATEGORY_LABELS } from './labels.ts';

const CATEGORIES = Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }));
const isCategory = (value: string): value is MessageCategory => value in CATEGORY_LABELS;

export function GeneralFields({
  ctx,
  input,
  onChange,
}: {
  ctx: FormContext;
  input: ConfigurationInput;
  onChange: (input: ConfigurationInput, path: string) => void;
}) {
  return (
    <Section title="General">
      <Pair>
        <TextField
          ctx={ctx}
          path="/name"
          label="Name"
          description="Campaigns pick a configuration by this name."
          required
          value={input.name}
          onChange={(name) => onChange({ ...input, name }, '/name')}
        />
        <Input.Wrapper
          label="Category"
          labelElement="div"
          description="Marketing needs consent and an unsubscribe; transactional messages do not."
          error={ctx.errors['/category']}
        >
          <SegmentedControl
            id={fieldId('/category')}
            mt={4}
            aria-label="Category"
            data={CATEGORIES}
            value={input.category}
            disabled={ctx.readOnly}
            onChange={(value) => {
              if (isCategory(value)) onChange({ ...input, category: value }, '/category');
            }}
          />
        </Input.Wrapper>
      </Pair>
      <Textarea
        id={fieldId('/description')}
        label="Description"
        autosize
        minRows={2}
        maxRows={5}
        value={input.description ?? ''}
        readOnly={ctx.readOnly}
        error={ctx.errors['/description']}
        onChange={(event) =>
          onChange({ ...input, description: event.currentTarget.value }, '/description')
        }
      />
      <Pair>
        <NumberField
          ctx={ctx}
          path="/maxPerSecond"
          label="Rate limit"
          description="Most messages per second over all campaigns and workers (1–10,000); empty for no limit."
          suffix=" per second"
          min={1}
          max={10_000}
          value={input.maxPerSecond}
          onChange={(value) =>
            onChange(
              { ...input, maxPerSecond: Number.isNaN(value) ? undefined : value },
              '/maxPerSecond',
            )
          }
        />
      </Pair>
    </Section>
  );
}
