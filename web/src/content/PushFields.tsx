// A push notification: title, text, image, link, badge, sound and custom data.
import { Group, JsonInput, NumberInput, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { PushContent, TemplateProblem } from '../api/content.ts';
import { fieldError } from './drafts.ts';
import { PersonalizationPicker } from './PersonalizationPicker.tsx';

function dataText(data: PushContent['data']): string {
  return data && Object.keys(data).length > 0 ? JSON.stringify(data, null, 2) : '';
}

export function PushFields({
  content,
  onChange,
  problems,
}: {
  content: PushContent;
  onChange: (content: PushContent) => void;
  problems: readonly TemplateProblem[];
}) {
  const [data, setData] = useState(() => dataText(content.data));
  const [dataError, setDataError] = useState<string | undefined>();
  const optional = (key: 'imageUrl' | 'url' | 'sound', value: string) => {
    const next = { ...content };
    if (value === '') delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const changeData = (text: string) => {
    setData(text);
    if (text.trim() === '') {
      setDataError(undefined);
      const next = { ...content };
      delete next.data;
      onChange(next);
      return;
    }
    try {
      const value: unknown = JSON.parse(text);
      if (
        value === null ||
        typeof value !== 'object' ||
        Array.isArray(value) ||
        Object.values(value).some((item) => typeof item !== 'string')
      ) {
        setDataError('An object of text values, e.g. {"orderId": "{{context.orderId}}"}');
        return;
      }
      setDataError(undefined);
      onChange({ ...content, data: value as Record<string, string> });
    } catch {
      setDataError('Not valid JSON');
    }
  };
  const dataProblem = problems.find((p) => p.path.startsWith('/content/data'));

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <PersonalizationPicker
          onPick={(text) => onChange({ ...content, body: content.body + text })}
        />
      </Group>
      <TextInput
        label="Title"
        value={content.title}
        onChange={(event) => onChange({ ...content, title: event.currentTarget.value })}
        error={fieldError(problems, '/content/title')}
        required
      />
      <Textarea
        label="Text"
        value={content.body}
        onChange={(event) => onChange({ ...content, body: event.currentTarget.value })}
        error={fieldError(problems, '/content/body')}
        autosize
        minRows={3}
        required
      />
      <TextInput
        label="Image URL"
        value={content.imageUrl ?? ''}
        onChange={(event) => optional('imageUrl', event.currentTarget.value)}
        error={fieldError(problems, '/content/imageUrl')}
      />
      <TextInput
        label="Deep link or URL"
        description="Opened when the notification is tapped"
        value={content.url ?? ''}
        onChange={(event) => optional('url', event.currentTarget.value)}
        error={fieldError(problems, '/content/url')}
      />
      <Group grow>
        <NumberInput
          label="Badge"
          min={0}
          max={99999}
          value={content.badge ?? ''}
          onChange={(value) => {
            const next = { ...content };
            if (typeof value === 'number') next.badge = value;
            else delete next.badge;
            onChange(next);
          }}
        />
        <TextInput
          label="Sound"
          placeholder="default"
          value={content.sound ?? ''}
          onChange={(event) => optional('sound', event.currentTarget.value)}
        />
      </Group>
      <JsonInput
        label="Custom data"
        description="Key-value pairs handed to the app; values may be personalized"
        placeholder='{"orderId": "{{context.orderId}}"}'
        value={data}
        onChange={changeData}
        autosize
        minRows={3}
        error={
          dataError ?? (dataProblem ? `${dataProblem.path}: ${dataProblem.message}` : undefined)
        }
      />
    </Stack>
  );
}
