// Step 3: the content — one message for everyone, variants chosen by targeting rules (first match
// wins, with an optional fallback), or an experiment of treatments with a holdout.
import { Alert, Anchor, Input, SegmentedControl } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { CampaignContent } from '../../api/campaigns.ts';
import { Section } from '../../channels/FormParts.tsx';
import { editPage } from '../labels.ts';
import { convert } from './contentDraft.ts';
import { ExperimentEditor } from './ExperimentEditor.tsx';
import { MessageEditor, problemsUnder, starterMessage } from './MessageEditor.tsx';
import { RulesEditor } from './RulesEditor.tsx';
import { changed, usePending, type StepProps } from './step.ts';

export function ContentStep({ campaign, errors, readOnly, bind, clear }: StepProps) {
  const channel = campaign.action?.channel;
  const [content, setContent] = useState<CampaignContent>(
    () => campaign.content ?? { mode: 'single', content: starterMessage(channel ?? 'email') },
  );
  usePending(bind, () => (channel ? changed('content', campaign.content, content) : null));
  if (!channel)
    return (
      <Alert color="yellow" title="Choose the action first">
        The content is written for the action&apos;s channel.{' '}
        <Anchor component={Link} to={editPage(campaign.id, 'action')}>
          Choose a channel and configuration
        </Anchor>
        .
      </Alert>
    );
  const edit = (next: CampaignContent) => {
    setContent(next);
    clear('/content');
  };
  return (
    <Section
      title="Content"
      description="One message for everyone, variants by targeting rules, or an A/B experiment."
    >
      <Input.Wrapper label="Content" labelElement="div" error={errors['/content']}>
        <div>
          <SegmentedControl
            mt={4}
            aria-label="Content mode"
            disabled={readOnly}
            value={content.mode}
            data={[
              { value: 'single', label: 'Single message' },
              { value: 'rules', label: 'Targeting rules' },
              { value: 'experiment', label: 'Experiment' },
            ]}
            onChange={(mode) => {
              if (mode === 'single' || mode === 'rules' || mode === 'experiment')
                edit(convert(content, mode, channel));
            }}
          />
        </div>
      </Input.Wrapper>
      {content.mode === 'single' && (
        <MessageEditor
          channel={channel}
          label="Message"
          content={content.content}
          problems={problemsUnder(errors, '/content/content')}
          onChange={(message) => edit({ ...content, content: message })}
        />
      )}
      {content.mode === 'rules' && (
        <RulesEditor channel={channel} content={content} errors={errors} onChange={edit} />
      )}
      {content.mode === 'experiment' && (
        <ExperimentEditor channel={channel} content={content} errors={errors} onChange={edit} />
      )}
    </Section>
  );
}
