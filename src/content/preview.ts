// Render and preview: any template or content for a stored profile or pasted data, with the
// sandbox's fragments; problems come back with their field and position.
import { profilesDb } from '../profiles/db.ts';
import { isTimeZone, loadProfile } from '../profiles/profiles.ts';
import type { Profile } from '../profiles/model.ts';
import { renderContent } from './compile.ts';
import type { ContentCall } from './db.ts';
import type { Db } from '../db/connection.ts';
import { RenderError, TemplateError, compileTemplate } from './expression/index.ts';
import { loadFragments } from './fragment-sources.ts';
import type { PreviewRequest, PreviewResult, RenderRequest } from './model.ts';
import { ContentRenderError, Problems, contentInvalid, templateProblem } from './problems.ts';
import { previewData, profileData } from './render-data.ts';
import { checkContent } from './templates.ts';
import { AppError } from '../platform/errors.ts';

async function profileOf(database: Db, call: ContentCall, id: string | undefined) {
  return id === undefined ? undefined : loadProfile(profilesDb(database), call.sandboxId, id);
}

function renderOptions(call: ContentCall, profile: Profile | undefined) {
  const zone = profile?.timezone;
  return {
    now: call.clock.now(),
    ...(zone && isTimeZone(zone) ? { timeZone: zone } : {}),
  };
}

export async function renderTemplateText(
  database: Db,
  call: ContentCall,
  input: RenderRequest,
): Promise<{ output: string }> {
  const problems = new Problems();
  if (!problems.sizeOk('/template', input.template)) problems.throwIfAny();
  const profile = await profileOf(database, call, input.profileId);
  const loaded = await loadFragments(call.db, call.sandboxId, [input.template]);
  try {
    const template = compileTemplate(input.template, {
      escape: input.escape ?? 'html',
      resolveFragment: loaded.resolve,
    });
    const data: Record<string, unknown> = { ...input.data };
    if (profile) data.profile = profileData(profile);
    return { output: template.render(data, renderOptions(call, profile)) };
  } catch (error) {
    if (error instanceof TemplateError) throw contentInvalid([templateProblem('/template', error)]);
    if (error instanceof RenderError) {
      const problem = templateProblem('/template', error);
      throw new ContentRenderError(problem).toAppError();
    }
    throw error;
  }
}

export async function previewContent(
  database: Db,
  call: ContentCall,
  input: PreviewRequest,
): Promise<PreviewResult> {
  if (input.profileId !== undefined && input.data?.profile !== undefined)
    throw new AppError('VALIDATION_FAILED', '/data/profile cannot be given with profileId', [
      { path: '/data/profile', message: 'cannot be given with profileId' },
    ]);
  const profile = await profileOf(database, call, input.profileId);
  const { compiled } = await checkContent(call.db, call.sandboxId, input);
  const data = previewData({ data: input.data, profile, context: input.context });
  try {
    return renderContent(compiled, data, renderOptions(call, profile));
  } catch (error) {
    if (error instanceof ContentRenderError) throw error.toAppError();
    throw error;
  }
}
