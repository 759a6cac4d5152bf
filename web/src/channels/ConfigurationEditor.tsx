// Create or change a channel configuration: the channel's settings in sections, each credential
// as "set" or "not set" with replace/remove, and every problem at its field and in a summary.
import { Alert, Stack } from '@mantine/core';
import { Value } from '@sinclair/typebox/value';
import { useState } from 'react';
import { assertNever } from '../../../src/platform/assert.ts';
import type { Configuration, ConfigurationInput, CredentialName } from '../api/channels.ts';
import type { FieldErrors } from '../api/forms.ts';
import { useSession } from '../auth/session.ts';
import { ConfigurationHeader } from './ConfigurationHeader.tsx';
import { CredentialField } from './CredentialField.tsx';
import { bodyOf, credentialsFor, inputOf, type CredentialChanges } from './draft.ts';
import { EmailSettingsFields } from './EmailSettingsFields.tsx';
import { withoutField } from './fields.ts';
import { CREDENTIAL_LABELS } from './labels.ts';
import { Pair, Section, type FormContext } from './FormParts.tsx';
import { GeneralFields } from './GeneralFields.tsx';
import { ProblemSummary } from './ProblemSummary.tsx';
import { PushSettingsFields } from './PushSettingsFields.tsx';
import { SmsSettingsFields } from './SmsSettingsFields.tsx';
import { useConfigurationActions, type Outcome } from './useConfigurationActions.ts';

function SettingsFields({
  ctx,
  input,
  onChange,
}: {
  ctx: FormContext;
  input: ConfigurationInput;
  onChange: (input: ConfigurationInput, path: string) => void;
}) {
  switch (input.channel) {
    case 'email':
      return (
        <EmailSettingsFields
          ctx={ctx}
          category={input.category}
          settings={input.settings}
          onChange={(settings, path) => onChange({ ...input, settings }, path)}
        />
      );
    case 'sms':
      return (
        <SmsSettingsFields
          ctx={ctx}
          settings={input.settings}
          onChange={(settings, path) => onChange({ ...input, settings }, path)}
        />
      );
    case 'push':
      return (
        <PushSettingsFields
          ctx={ctx}
          settings={input.settings}
          onChange={(settings, path) => onChange({ ...input, settings }, path)}
        />
      );
    default:
      return assertNever(input);
  }
}

export function ConfigurationEditor({
  configuration,
  initial,
}: {
  configuration: Configuration | undefined;
  initial: ConfigurationInput;
}) {
  const { can } = useSession();
  const canWrite = can('channels.write');
  const [input, setInput] = useState(initial);
  const [changes, setChanges] = useState<CredentialChanges>({});
  const [outcome, setOutcome] = useState<Outcome>({ problems: null, general: null });
  const errors: FieldErrors = outcome.problems?.errors ?? {};

  const saved = configuration ? inputOf(configuration) : undefined;
  const dirty =
    saved === undefined || !Value.Equal(saved, input) || Object.keys(changes).length > 0;
  const actions = useConfigurationActions({
    configuration,
    pending: () => (dirty ? bodyOf(input, changes) : null),
    onSaved: (next) => {
      setInput(inputOf(next));
      setChanges({});
    },
    onOutcome: setOutcome,
  });

  const forget = (path: string) =>
    setOutcome((current) =>
      current.problems
        ? {
            ...current,
            problems: { ...current.problems, errors: withoutField(current.problems.errors, path) },
          }
        : current,
    );
  const edit = (next: ConfigurationInput, path: string) => {
    setInput(next);
    forget(path);
  };
  const stored = new Set(configuration?.credentialsSet ?? []);
  const credential = (name: CredentialName) => (
    <CredentialField
      // A save clears the pending values: the field starts over from what is stored.
      key={`${name}-${configuration?.version ?? 0}`}
      name={name}
      isSet={stored.has(name)}
      change={changes[name]}
      onChange={(change) => {
        setChanges((current) => {
          const next = { ...current };
          if (change === undefined) delete next[name];
          else next[name] = change;
          return next;
        });
        forget(`/credentials/${name}`);
      }}
      error={errors[`/credentials/${name}`]}
      readOnly={!canWrite}
    />
  );
  const ctx: FormContext = { errors, readOnly: !canWrite, credential };
  const used = new Set(credentialsFor(input));
  const unused = [...stored].filter(
    (name): name is CredentialName =>
      name in CREDENTIAL_LABELS && !used.has(name as CredentialName),
  );

  return (
    <Stack gap="lg" maw={1000}>
      <ConfigurationHeader
        channel={input.channel}
        configuration={configuration}
        dirty={dirty}
        canWrite={canWrite}
        actions={actions}
      />
      {outcome.general && (
        <Alert color="red" role="alert" title="That did not work">
          {outcome.general}
        </Alert>
      )}
      {outcome.problems && (
        <ProblemSummary title={outcome.problems.title} errors={outcome.problems.errors} />
      )}
      <GeneralFields ctx={ctx} input={input} onChange={edit} />
      <SettingsFields ctx={ctx} input={input} onChange={edit} />
      {unused.length > 0 && (
        <Section
          title="Other stored credentials"
          description="Kept from an earlier provider or platform; these settings do not use them."
        >
          <Pair>{unused.map((name) => credential(name))}</Pair>
        </Section>
      )}
    </Stack>
  );
}
