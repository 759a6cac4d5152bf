// The configuration form of an activity, chosen by its kind (exhaustively): full forms for the
// kinds a typical workflow needs, the JSON editor for the others.
import type { ReactNode } from 'react';
import type { CanvasNode } from '../../../../src/orchestration/canvas.ts';
import { assertNever } from '../../../../src/platform/assert.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { ChannelForm } from './ChannelForm.tsx';
import { EnrichmentForm } from './EnrichmentForm.tsx';
import type { PanelEnv } from './env.ts';
import { JsonForm } from './JsonForm.tsx';
import { SchedulerForm } from './SchedulerForm.tsx';
import {
  ChangeDimensionForm,
  CombineForm,
  ReadAudienceForm,
  SaveAudienceForm,
  WaitForm,
} from './SimpleForms.tsx';
import { SplitForm } from './SplitForm.tsx';
import { BuildAudienceForm, IncrementalQueryForm } from './TargetingForms.tsx';

export function ConfigForm({
  node,
  onChange,
  errors,
  env,
}: {
  node: CanvasNode;
  onChange: (node: CanvasNode) => void;
  errors: FieldErrors;
  env: PanelEnv;
}): ReactNode {
  const common = { errors, env };
  // Each case rebuilds the node with its own kind's config, keeping kind and config paired.
  switch (node.type) {
    case 'buildAudience':
      return (
        <BuildAudienceForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'incrementalQuery':
      return (
        <IncrementalQueryForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'readAudience':
      return (
        <ReadAudienceForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'changeDimension':
      return (
        <ChangeDimensionForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'combine':
      return (
        <CombineForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'enrichment':
      return (
        <EnrichmentForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'split':
      return (
        <SplitForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'saveAudience':
      return (
        <SaveAudienceForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'scheduler':
      return (
        <SchedulerForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'wait':
      return (
        <WaitForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'email':
    case 'sms':
    case 'push':
      return (
        <ChannelForm
          {...common}
          channel={node.type}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } } as CanvasNode)}
        />
      );
    case 'loadFile':
    case 'deduplication':
    case 'reconciliation':
    case 'fork':
    case 'andJoin':
    case 'test':
    case 'alert':
    case 'end':
    case 'directMail':
      return (
        <JsonForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } } as CanvasNode)}
        />
      );
    default:
      return assertNever(node);
  }
}
