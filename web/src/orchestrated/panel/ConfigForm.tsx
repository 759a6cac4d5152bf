// The configuration form of an activity, chosen by its kind (exhaustively): each kind has a form
// of its own.
import type { ReactNode } from 'react';
import type { CanvasNode } from '../../../../src/orchestration/canvas.ts';
import { assertNever } from '../../../../src/platform/assert.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { AlertForm } from './AlertForm.tsx';
import { ChannelForm } from './ChannelForm.tsx';
import { DeduplicationForm } from './DeduplicationForm.tsx';
import { DirectMailForm } from './DirectMailForm.tsx';
import { EnrichmentForm } from './EnrichmentForm.tsx';
import { EndForm } from './EndForm.tsx';
import type { PanelEnv } from './env.ts';
import { AndJoinForm, ForkForm } from './FlowForms.tsx';
import { LoadFileForm } from './LoadFileForm.tsx';
import { ReconciliationForm } from './ReconciliationForm.tsx';
import { SchedulerForm } from './SchedulerForm.tsx';
import {
  ChangeDimensionForm,
  CombineForm,
  ReadAudienceForm,
  SaveAudienceForm,
} from './SimpleForms.tsx';
import { WaitForm } from './WaitForm.tsx';
import { SplitForm } from './SplitForm.tsx';
import { BuildAudienceForm, IncrementalQueryForm } from './TargetingForms.tsx';
import { TestForm } from './TestForm.tsx';

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
      return (
        <LoadFileForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'deduplication':
      return (
        <DeduplicationForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'reconciliation':
      return (
        <ReconciliationForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'fork':
      return (
        <ForkForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'andJoin':
      return (
        <AndJoinForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'test':
      return (
        <TestForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'alert':
      return (
        <AlertForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'end':
      return (
        <EndForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    case 'directMail':
      return (
        <DirectMailForm
          {...common}
          config={node.data.config}
          onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
        />
      );
    default:
      return assertNever(node);
  }
}
