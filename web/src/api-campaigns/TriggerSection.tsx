// The trigger section of the API-triggered campaign editor: how systems may call the campaign.
import { Group, NumberInput, Switch, TextInput } from '@mantine/core';
import type { FieldErrors } from '../api/forms.ts';
import { Section } from '../channels/FormParts.tsx';
import { mayHighThroughput, SECTIONS, type Draft } from './draft.ts';

export function TriggerSection({
  draft,
  set,
  write,
  errors,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  write: boolean;
  errors: FieldErrors;
}) {
  return (
    <div id={SECTIONS.schedule.id}>
      <Section title="Trigger" description="How your systems may call this campaign.">
        <Switch
          label="Create profiles for unknown recipients"
          description="Otherwise a call naming an unknown person fails."
          checked={draft.createProfiles}
          disabled={!write}
          onChange={(event) => set({ createProfiles: event.currentTarget.checked })}
        />
        <Switch
          label="High-throughput"
          description={
            mayHighThroughput(draft)
              ? 'No profile lookup: each recipient carries its address (POST /im/executions/highthroughput).'
              : 'Only for transactional email and push campaigns.'
          }
          checked={draft.highThroughput && mayHighThroughput(draft)}
          disabled={!write || !mayHighThroughput(draft)}
          error={errors['/trigger/highThroughput']}
          onChange={(event) => set({ highThroughput: event.currentTarget.checked })}
        />
        <Switch
          label="Send delivery events to the feedback webhook"
          checked={draft.feedback}
          disabled={!write}
          onChange={(event) => set({ feedback: event.currentTarget.checked })}
        />
        <Group grow align="flex-start">
          <TextInput
            type="datetime-local"
            label="Accept calls from"
            description="Empty: from activation"
            value={draft.startAt}
            readOnly={!write}
            error={errors['/trigger/startAt']}
            onChange={(event) => set({ startAt: event.currentTarget.value })}
          />
          <TextInput
            type="datetime-local"
            label="Accept calls until"
            description="Empty: until stopped"
            value={draft.endAt}
            readOnly={!write}
            error={errors['/trigger/endAt']}
            onChange={(event) => set({ endAt: event.currentTarget.value })}
          />
          <NumberInput
            label="Calls per second"
            description="Empty: no limit of its own"
            min={1}
            max={100_000}
            value={draft.ratePerSecond}
            readOnly={!write}
            error={errors['/trigger/ratePerSecond']}
            onChange={(value) => set({ ratePerSecond: typeof value === 'number' ? value : '' })}
          />
        </Group>
      </Section>
    </div>
  );
}
