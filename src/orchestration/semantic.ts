// Workflow checks that need the database (server-side; the canvas calls them through
// GET /orchestrated-campaigns/{id}/validate): the datasets, audiences, channel configurations,
// files and signalled campaigns an activity names exist in the sandbox, and each channel
// activity's configuration is of its channel, and its business rules and quiet hours are active.
import { audiencesDb } from '../audiences/db.ts';
import { getAudienceRow } from '../audiences/store.ts';
import { channelsDb } from '../channels/db.ts';
import { getConfiguration } from '../channels/store.ts';
import type { Db } from '../db/connection.ts';
import { assertNever } from '../platform/assert.ts';
import { AppError } from '../platform/errors.ts';
import { profilesDb } from '../profiles/db.ts';
import { findDataset } from '../profiles/datasets/store.ts';
import { controlProblems } from './channels/controls.ts';
import { orchestrationDb } from './db.ts';
import type { Activity, Dimension, WorkflowDefinition } from './model.ts';
import type { WorkflowProblem } from './validate.ts';

type Reference =
  | { kind: 'dataset'; name: string; path: string }
  | { kind: 'audience'; id: string; path: string }
  | { kind: 'configuration'; id: string; channel: 'email' | 'sms' | 'push'; path: string }
  | { kind: 'file'; id: string; path: string }
  | { kind: 'campaign'; id: string; path: string };

function datasetOf(dimension: Dimension, path: string): Reference[] {
  return dimension.kind === 'dataset' ? [{ kind: 'dataset', name: dimension.dataset, path }] : [];
}

/** What an activity names outside the workflow, with where (relative to the activity). */
function referencesOf(activity: Activity): Reference[] {
  switch (activity.kind) {
    case 'buildAudience':
    case 'incrementalQuery':
      return [
        ...datasetOf(activity.config.dimension, '/config/dimension/dataset'),
        ...(activity.config.targeting.linked ?? []).map((l, i) => ({
          kind: 'dataset' as const,
          name: l.dataset,
          path: `/config/targeting/linked/${i}/dataset`,
        })),
      ];
    case 'readAudience':
      return [{ kind: 'audience', id: activity.config.audienceId, path: '/config/audienceId' }];
    case 'loadFile':
      return activity.config.fileId
        ? [{ kind: 'file', id: activity.config.fileId, path: '/config/fileId' }]
        : [];
    case 'changeDimension':
      return datasetOf(activity.config.to, '/config/to/dataset');
    case 'enrichment':
      return [
        ...activity.config.attributes.flatMap((a, i) =>
          a.source.kind === 'dataset'
            ? [
                {
                  kind: 'dataset' as const,
                  name: a.source.dataset,
                  path: `/config/attributes/${i}/source/dataset`,
                },
              ]
            : [],
        ),
        ...activity.config.aggregates.map((a, i) => ({
          kind: 'dataset' as const,
          name: a.dataset,
          path: `/config/aggregates/${i}/dataset`,
        })),
        ...activity.config.collected.map((c, i) => ({
          kind: 'dataset' as const,
          name: c.dataset,
          path: `/config/collected/${i}/dataset`,
        })),
      ];
    case 'email':
    case 'sms':
    case 'push':
      return [
        {
          kind: 'configuration',
          id: activity.config.configurationId,
          channel: activity.kind,
          path: '/config/configurationId',
        },
      ];
    case 'end':
      return activity.config.signal
        ? [
            {
              kind: 'campaign',
              id: activity.config.signal.campaignId,
              path: '/config/signal/campaignId',
            },
          ]
        : [];
    default:
      return [];
  }
}

const missing = (error: unknown) => error instanceof AppError && error.status === 404;

/** One problem per reference that does not resolve. */
export async function semanticProblems(
  db: Db,
  sandboxId: string,
  definition: WorkflowDefinition,
): Promise<WorkflowProblem[]> {
  const problems: WorkflowProblem[] = [];
  const datasets = new Map<string, boolean>();
  for (const [index, activity] of definition.activities.entries())
    for (const ref of referencesOf(activity)) {
      const report = (message: string) =>
        problems.push({
          activityId: activity.id,
          path: `/activities/${index}${ref.path}`,
          message,
          severity: 'error',
        });
      switch (ref.kind) {
        case 'dataset': {
          if (!datasets.has(ref.name))
            datasets.set(
              ref.name,
              (await findDataset(profilesDb(db), sandboxId, ref.name)) !== undefined,
            );
          if (!datasets.get(ref.name))
            report(
              `"${activity.id}" names the dataset "${ref.name}", which this sandbox does not have.`,
            );
          break;
        }
        case 'audience':
          try {
            await getAudienceRow(audiencesDb(db), sandboxId, ref.id);
          } catch (error) {
            if (!missing(error)) throw error;
            report(
              `"${activity.id}" reads the audience ${ref.id}, which this sandbox does not have.`,
            );
          }
          break;
        case 'configuration':
          try {
            const configuration = await getConfiguration(channelsDb(db), sandboxId, ref.id);
            if (configuration.channel !== ref.channel)
              report(
                `"${activity.id}" sends ${ref.channel} through "${configuration.name}", a ${configuration.channel} configuration.`,
              );
          } catch (error) {
            if (!missing(error)) throw error;
            report(
              `"${activity.id}" uses the channel configuration ${ref.id}, which this sandbox does not have.`,
            );
          }
          break;
        case 'file': {
          const file = await orchestrationDb(db)
            .selectFrom('orchestrated_files')
            .select('id')
            .where('sandbox_id', '=', sandboxId)
            .where('id', '=', ref.id)
            .executeTakeFirst();
          if (!file)
            report(`"${activity.id}" loads the file ${ref.id}, which was not uploaded here.`);
          break;
        }
        case 'campaign': {
          const campaign = await orchestrationDb(db)
            .selectFrom('orchestrated_campaigns')
            .select('id')
            .where('sandbox_id', '=', sandboxId)
            .where('id', '=', ref.id)
            .executeTakeFirst();
          if (!campaign)
            report(
              `"${activity.id}" signals the orchestrated campaign ${ref.id}, which this sandbox does not have.`,
            );
          break;
        }
        default:
          assertNever(ref);
      }
    }
  for (const [index, activity] of definition.activities.entries())
    if (activity.kind === 'email' || activity.kind === 'sms' || activity.kind === 'push')
      for (const problem of await controlProblems(db, sandboxId, activity.id, activity.config))
        problems.push({
          activityId: activity.id,
          path: `/activities/${index}${problem.path}`,
          message: problem.message,
          severity: 'error',
        });
  return problems;
}
