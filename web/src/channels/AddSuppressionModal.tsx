// Suppress an address by hand: its channel, the address and why (category "Added by hand").
import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { addSuppression, SuppressionInput, type Channel } from '../api/channels.ts';
import { clearField, schemaErrors, serverErrors, type FieldErrors } from '../api/forms.ts';
import { useSession } from '../auth/session.ts';
import { notifySuccess } from '../ui/notify.ts';
import { CHANNEL_LABELS } from './labels.ts';

const FIELDS = ['/channel', '/address', '/reason'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{6,20}$/;

const ADDRESS_LABELS: Record<Channel, { label: string; placeholder: string }> = {
  email: { label: 'Email address', placeholder: 'someone@example.com' },
  sms: { label: 'Phone number', placeholder: '+4915112345678' },
  push: { label: 'Push token', placeholder: 'The device token' },
};

/** The schema checks that there is an address; its shape depends on the channel. */
function addressProblem(channel: Channel, address: string): string | undefined {
  if (!address) return undefined;
  if (channel === 'email' && !EMAIL.test(address)) return 'Enter a valid email address';
  if (channel === 'sms' && !PHONE.test(address))
    return 'Enter a phone number in international form, e.g. +4915112345678';
  return undefined;
}

export function AddSuppressionModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<Channel>('email');
  const [address, setAddress] = useState('');
  const [reason, setReason] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const add = useMutation({
    mutationFn: addSuppression,
    onSuccess: async (entry) => {
      await queryClient.invalidateQueries({ queryKey: ['suppressions', sandbox] });
      notifySuccess(`${entry.address} is on the suppression list.`);
      close();
    },
    onError: (error) => setFields(serverErrors(error, FIELDS).fields),
  });

  const close = () => {
    setAddress('');
    setReason('');
    setFields({});
    add.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { channel, address: address.trim(), reason: reason.trim() };
    const problems = schemaErrors(SuppressionInput, body);
    const shape = addressProblem(channel, body.address);
    if (shape) problems['/address'] ??= shape;
    setFields(problems);
    if (Object.keys(problems).length === 0) add.mutate(body);
  };

  const general = add.isError ? serverErrors(add.error, FIELDS).general : null;
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>Suppress an address</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          <SegmentedControl
            aria-label="Channel"
            value={channel}
            onChange={(value) => {
              if (value === 'email' || value === 'sms' || value === 'push') setChannel(value);
              setFields((current) => clearField(current, '/address'));
            }}
            data={(['email', 'sms', 'push'] as const).map((value) => ({
              value,
              label: CHANNEL_LABELS[value],
            }))}
          />
          <TextInput
            label={ADDRESS_LABELS[channel].label}
            placeholder={ADDRESS_LABELS[channel].placeholder}
            value={address}
            onChange={(event) => {
              setAddress(event.currentTarget.value);
              setFields((current) => clearField(current, '/address'));
            }}
            error={fields['/address']}
            required
            data-autofocus
          />
          <TextInput
            label="Reason"
            description="Why nothing may be sent here, e.g. “asked by phone not to be contacted”."
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setFields((current) => clearField(current, '/reason'));
            }}
            error={fields['/reason']}
            required
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Suppress
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
