// Fork (the branches run in parallel; each is an output named by its key) and AND-join (waits
// for every incoming branch, passing on the population of one of them).
import { Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { errorAt, without, type FormProps } from './env.ts';
import { AddButton, hinted, PORT_HINT, RemoveButton, replaced } from './fields.tsx';

const MIN_BRANCHES = 2;
const MAX_BRANCHES = 10;

function nextBranch(branches: readonly string[]): string {
  for (let n = branches.length + 1; ; n += 1)
    if (!branches.includes(`branch${n}`)) return `branch${n}`;
}

export function ForkForm({ config, onChange, errors }: FormProps<ActivityConfig<'fork'>>) {
  const { branches } = config;
  const setBranches = (next: string[]) => onChange({ ...config, branches: next });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        The incoming population goes down every branch at once. Each branch is an output of the
        Fork; a renamed branch keeps its transition.
      </Text>
      {branches.map((branch, index) => {
        const twice =
          branches.indexOf(branch) !== index ? 'Named twice: use another name' : undefined;
        return (
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              label={`Branch ${index + 1}`}
              value={branch}
              onChange={(e) => setBranches(replaced(branches, index, e.currentTarget.value))}
              error={twice ?? hinted(errorAt(errors, `/branches/${index}`), branch, PORT_HINT)}
              style={{ flex: 1 }}
            />
            <div style={{ paddingTop: 26 }}>
              <RemoveButton
                top
                label={`Remove branch ${index + 1}`}
                disabled={branches.length <= MIN_BRANCHES}
                onClick={() => setBranches(branches.filter((_, i) => i !== index))}
              />
            </div>
          </Group>
        );
      })}
      <AddButton
        disabled={branches.length >= MAX_BRANCHES}
        onClick={() => setBranches([...branches, nextBranch(branches)])}
      >
        Add branch
      </AddButton>
    </Stack>
  );
}

export function AndJoinForm({
  config,
  onChange,
  errors,
  env,
}: FormProps<ActivityConfig<'andJoin'>>) {
  // Two transitions may come from one activity: it is one choice.
  const options = [...new Map(env.sources.map((s) => [s.id, s.label]))].map(([value, label]) => ({
    value,
    label,
  }));
  if (config.primary && !options.some((o) => o.value === config.primary))
    options.push({ value: config.primary, label: config.primary });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Waits until every incoming branch has arrived, then continues once. Connect the branches to
        join to its input.
      </Text>
      <Select
        label="Population passed on"
        description="Empty: the population of the first branch that carries one"
        placeholder="Any incoming population"
        data={options}
        value={config.primary ?? null}
        clearable
        onChange={(primary) => {
          const rest = without(config, 'primary');
          onChange(primary ? { ...rest, primary } : rest);
        }}
        error={errorAt(errors, '/primary')}
        comboboxProps={{ withinPortal: true }}
      />
    </Stack>
  );
}
