// Step 1: name, description and tags (the type and category are fixed when the draft is made).
import {
  Input,
  SegmentedControl,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState } from 'react';
import type { CampaignPatch } from '../../api/campaigns.ts';
import { CATEGORY_LABELS } from '../../channels/labels.ts';
import { Pair, Section } from '../../channels/FormParts.tsx';
import { errorUnder } from '../../governance/fieldErrors.ts';
import { usePending, type StepProps } from './step.ts';

export function PropertiesStep({ campaign, errors, readOnly, bind, clear }: StepProps) {
  const [name, setName] = useState(campaign.name);
  const [description, setDescription] = useState(campaign.description);
  const [tags, setTags] = useState(campaign.tags);
  usePending(bind, () => {
    const patch: CampaignPatch = {};
    if (name !== campaign.name) patch.name = name;
    if (description !== campaign.description) patch.description = description;
    if (JSON.stringify(tags) !== JSON.stringify(campaign.tags)) patch.tags = tags;
    return Object.keys(patch).length > 0 ? patch : null;
  });
  return (
    <Section title="Properties">
      <Stack gap="md">
        <Text size="sm">
          Action campaign (scheduled) · <b>{CATEGORY_LABELS[campaign.category]}</b>
        </Text>
        <PropertiesFields
          name={name}
          description={description}
          tags={tags}
          errors={errors}
          readOnly={readOnly}
          onName={(next) => {
            setName(next);
            clear('/name');
          }}
          onDescription={(next) => {
            setDescription(next);
            clear('/description');
          }}
          onTags={(next) => {
            setTags(next);
            clear('/tags');
          }}
        />
      </Stack>
    </Section>
  );
}

export function CategoryField({
  value,
  onChange,
}: {
  value: 'marketing' | 'transactional';
  onChange: (value: 'marketing' | 'transactional') => void;
}) {
  return (
    <Input.Wrapper
      label="Category"
      labelElement="div"
      description="Marketing needs consent and follows business rules and quiet hours; transactional messages do not. Fixed once the draft is created."
    >
      <div>
        <SegmentedControl
          mt={4}
          aria-label="Category"
          data={[
            { value: 'marketing', label: 'Marketing' },
            { value: 'transactional', label: 'Transactional' },
          ]}
          value={value}
          onChange={(next) => onChange(next === 'transactional' ? 'transactional' : 'marketing')}
        />
      </div>
    </Input.Wrapper>
  );
}

export function PropertiesFields(props: {
  name: string;
  description: string;
  tags: string[];
  errors: StepProps['errors'];
  readOnly: boolean;
  onName: (value: string) => void;
  onDescription: (value: string) => void;
  onTags: (value: string[]) => void;
}) {
  return (
    <>
      <Pair>
        <TextInput
          label="Name"
          required
          value={props.name}
          error={props.errors['/name']}
          readOnly={props.readOnly}
          onChange={(event) => props.onName(event.currentTarget.value)}
        />
        <TagsInput
          label="Tags"
          description="Press Enter after each; approval policies can match them."
          value={props.tags}
          error={errorUnder(props.errors, '/tags')}
          readOnly={props.readOnly}
          onChange={props.onTags}
        />
      </Pair>
      <Textarea
        label="Description"
        autosize
        minRows={2}
        maxRows={6}
        value={props.description}
        error={props.errors['/description']}
        readOnly={props.readOnly}
        onChange={(event) => props.onDescription(event.currentTarget.value)}
      />
    </>
  );
}
