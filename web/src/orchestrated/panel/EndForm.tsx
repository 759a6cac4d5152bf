// End: closes a branch; optionally starts another orchestrated campaign (one whose Scheduler
// waits for a signal) with variables its Test activities can read. Test runs never signal.
import { Alert, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { useSession } from '../../auth/session.ts';
import { NOT_CHOSEN } from '../defaults.ts';
import { listCampaigns, type OrchestratedCampaign } from '../api.ts';
import { errorAt, type FormProps } from './env.ts';
import { AddButton, RemoveButton, replaced } from './fields.tsx';
import { ScalarField, type Scalar } from './ScalarField.tsx';

type EndConfig = ActivityConfig<'end'>;
type Signal = NonNullable<EndConfig['signal']>;
interface VariableRow {
  name: string;
  value: Scalar;
}

const waitsForSignal = (campaign: OrchestratedCampaign) =>
  campaign.definition.activities.some(
    (a) => a.kind === 'scheduler' && a.config.frequency === 'signal',
  );

function CampaignPicker({
  value,
  onChange,
  error,
  currentId,
}: {
  value: string;
  onChange: (id: string) => void;
  error: string | undefined;
  currentId: string;
}) {
  const { sandbox } = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const campaigns = useQuery({
    queryKey: ['orchestrated', sandbox, 'signal-targets', q],
    queryFn: () => listCampaigns({ status: null, q }, undefined),
  });
  const items = (campaigns.data?.items ?? []).filter((c) => c.id !== currentId);
  const chosen = items.find((c) => c.id === value);
  const options = items.map((c) => ({ value: c.id, label: c.name }));
  if (value !== NOT_CHOSEN && !chosen) options.push({ value, label: `Campaign ${value}` });
  return (
    <Stack gap={4}>
      <Select
        label="Orchestrated campaign to start"
        placeholder="Search by name"
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: all }) => all}
        nothingFoundMessage={campaigns.isLoading ? 'Loading…' : 'No campaign found'}
        data={options}
        value={value === NOT_CHOSEN ? null : value}
        onChange={(id) => id && onChange(id)}
        error={value === NOT_CHOSEN ? 'Choose a campaign' : error}
        comboboxProps={{ withinPortal: true }}
      />
      {chosen && !waitsForSignal(chosen) && (
        <Text size="xs" c="orange.8">
          {chosen.name} has no Scheduler waiting for a signal: give it one set to “On a signal”.
        </Text>
      )}
    </Stack>
  );
}

function VariableRows({
  signal,
  onChange,
  errors,
}: {
  signal: Signal;
  onChange: (signal: Signal) => void;
  errors: FormProps<EndConfig>['errors'];
}) {
  // Rows keep their order and half-typed names; the record is rebuilt from them.
  const [rows, setRows] = useState<VariableRow[]>(() =>
    Object.entries(signal.variables).map(([name, value]) => ({ name, value })),
  );
  const update = (next: VariableRow[]) => {
    setRows(next);
    const variables: Record<string, Scalar> = {};
    for (const row of next) if (row.name.trim() !== '') variables[row.name.trim()] = row.value;
    onChange({ ...signal, variables });
  };
  const names = rows.map((r) => r.name.trim());
  return (
    <Stack gap={6} role="group" aria-label="Variables">
      <Text size="sm" fw={500}>
        Variables sent with the signal
      </Text>
      {rows.length === 0 && (
        <Text size="xs" c="dimmed">
          None: the campaign starts without variables.
        </Text>
      )}
      {rows.map((row, index) => {
        const name = names[index] ?? '';
        const problem =
          name === ''
            ? 'Required'
            : names.indexOf(name) !== index
              ? 'Named twice'
              : errorAt(errors, `/signal/variables/${name}`);
        return (
          <Group key={index} gap={4} align="flex-start" wrap="nowrap">
            <TextInput
              aria-label={`Variable ${index + 1} name`}
              placeholder="Name"
              w={110}
              value={row.name}
              onChange={(e) =>
                update(replaced(rows, index, { ...row, name: e.currentTarget.value }))
              }
              error={problem}
            />
            <ScalarField
              label={`Variable ${index + 1} value`}
              value={row.value}
              onChange={(value) => update(replaced(rows, index, { ...row, value }))}
            />
            <RemoveButton
              top
              label={`Remove variable ${index + 1}`}
              onClick={() => update(rows.filter((_, i) => i !== index))}
            />
          </Group>
        );
      })}
      <AddButton
        onClick={() => update([...rows, { name: `variable${rows.length + 1}`, value: '' }])}
      >
        Add variable
      </AddButton>
    </Stack>
  );
}

export function EndForm({ config, onChange, errors, env }: FormProps<EndConfig>) {
  const signal = config.signal;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Ends this branch of the workflow.
      </Text>
      <Switch
        label="Then start another orchestrated campaign"
        checked={signal !== undefined}
        onChange={(e) =>
          onChange(
            e.currentTarget.checked ? { signal: { campaignId: NOT_CHOSEN, variables: {} } } : {},
          )
        }
      />
      {signal && (
        <>
          <CampaignPicker
            value={signal.campaignId}
            currentId={env.campaignId}
            error={errorAt(errors, '/signal/campaignId')}
            onChange={(campaignId) => onChange({ signal: { ...signal, campaignId } })}
          />
          <VariableRows
            signal={signal}
            errors={errors}
            onChange={(next) => onChange({ signal: next })}
          />
          <Alert color="gray" variant="light" p="xs">
            <Text size="xs">Test runs do not start the other campaign.</Text>
          </Alert>
        </>
      )}
    </Stack>
  );
}
