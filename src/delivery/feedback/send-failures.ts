// Failures the provider reports while sending — an SMTP reply refusing the recipient, an SMS
// number the provider calls invalid, a dead push token — are feedback too: recorded and acted on
// like a bounce (suppression, the soft-bounce count, the token deactivated). The message's own
// status is the pipeline's business.
import type { Configuration } from '../../channels/model.ts';
import type { DeliveryResult } from '../../channels/providers/types.ts';
import type { QueuedMessage } from '../batches.ts';
import { classifySendFailure } from './classify.ts';
import { deactivatePushToken, recordFeedback, type FeedbackDeps } from './store.ts';

/**
 * Made once per execution. Returns the result as given — or, when the feedback could not be
 * written, with that said in its reason, so the message log shows it and sending goes on.
 */
export function sendFailureFeedback(
  deps: FeedbackDeps,
  execution: { sandboxId: string; id: string },
  configuration: Configuration,
): (message: QueuedMessage, result: DeliveryResult) => Promise<DeliveryResult> {
  const threshold =
    configuration.channel === 'email' ? configuration.settings.softBounceThreshold : null;
  return async (message, result) => {
    if (result.status !== 'failed') return result;
    const classification = classifySendFailure(configuration.channel, result);
    if (!classification) return result;
    try {
      if (configuration.channel === 'push' && result.invalidToken)
        await deactivatePushToken(deps, {
          sandboxId: execution.sandboxId,
          appId: configuration.settings.appId,
          token: message.address,
          reason: `${result.code} ${result.reason}`.trim(),
        });
      await recordFeedback(deps, {
        sandboxId: execution.sandboxId,
        channel: configuration.channel,
        source: 'send',
        classification,
        address: message.address,
        statusCode: result.code,
        diagnostic: result.reason,
        message: {
          sandboxId: execution.sandboxId,
          executionId: execution.id,
          recipientKey: message.recipientKey,
          actionId: message.actionId,
          profileId: message.profileId,
          address: message.address,
          status: 'sending',
          channel: configuration.channel,
          configurationId: configuration.id,
          softBounceThreshold: threshold,
        },
      });
      return result;
    } catch (error) {
      return {
        ...result,
        reason: `${result.reason} (feedback not recorded: ${(error as Error).message})`,
      };
    }
  };
}
