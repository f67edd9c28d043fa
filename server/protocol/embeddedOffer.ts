import * as fs from 'node:fs';
import type { ClientCapabilities, Connection } from 'vscode-languageserver';
import type { Settings } from '../config/settings';
import type { AutoChoice } from '../models/autoProvider';
import { DownloadError, downloadModel } from '../models/modelDownload';
import { downloadUrl, knownModel, sizeText, storedFile } from '../models/modelCatalog';
import { requestFromClient } from './clientRequests';
import type { Logger } from './logger';
import { beginProgress } from './progress';
import { MessageType, type UserMessages } from './userMessages';

export const DOWNLOAD = 'Download';
export const USE_OLLAMA = 'Use Ollama instead';

/** A person decides; the question may stay open while they read. */
const ANSWER_TIMEOUT_MS = 30 * 60_000;

export interface OfferDeps {
  connection: Connection;
  logger: Logger;
  messages: UserMessages;
  client: ClientCapabilities;
  env: NodeJS.ProcessEnv;
  /** The model is on disk now: the providers choose their backend again. */
  onDownloaded: () => void;
}

/**
 * With `provider: "auto"`, a known model and no `model.path`: when no Ollama answers and the
 * model's file is not there, asks once (`window/showMessageRequest`) whether to download it,
 * and downloads it with `$/progress` on yes. Never downloads without that yes. Returns
 * whether it asked (the check at start then leaves that finding to this question).
 * `choosing`: what the completion model's `auto` provider chose (undefined for another provider).
 */
export async function offerEmbeddedModel(model: Settings['model'], choosing: Promise<AutoChoice> | undefined, deps: OfferDeps): Promise<boolean> {
  const known = knownModel(model.name);
  if (!choosing || model.provider !== 'auto' || model.path || !known || fs.existsSync(storedFile(known, deps.env))) return false;
  const choice = await choosing;
  if (choice.backend !== 'none') return false;
  const { connection, logger, messages } = deps;
  logger.info(`auto: ${choice.why}; asking whether to download ${known.name}`);
  const answer = requestFromClient<{ title: string } | null>(
    connection,
    logger,
    'window/showMessageRequest',
    {
      type: MessageType.Info,
      message: `Download ${known.title} (${sizeText(known.approxBytes)}) to run the model inside infill-ls?`,
      actions: [{ title: DOWNLOAD }, { title: USE_OLLAMA }],
    },
    ANSWER_TIMEOUT_MS,
  );
  void answer.then(async (picked) => {
    if (picked?.title === USE_OLLAMA) {
      messages.showOnce('embedded:useOllama', MessageType.Info, `infill-ls uses Ollama at ${model.endpoint} once it answers. Start it with: ollama serve, and get the model with: ollama pull ${model.name}`);
      return;
    }
    if (picked?.title !== DOWNLOAD) return; // dismissed: nothing is downloaded
    const destination = storedFile(known, deps.env);
    const progress = await beginProgress(connection, logger, deps.client, `Downloading ${known.title}`, `${sizeText(known.approxBytes)} to ${destination}`, true);
    let last = -1;
    try {
      await downloadModel(downloadUrl(known, deps.env), destination, known.sha256, {
        onProgress: ({ received, total }) => {
          const percentage = total ? (received / total) * 100 : undefined;
          if (percentage !== undefined && Math.floor(percentage) === last) return;
          last = percentage === undefined ? last : Math.floor(percentage);
          progress.report(`${sizeText(received)}${total ? ` of ${sizeText(total)}` : ''}`, percentage);
        },
      });
      progress.done('done');
      deps.onDownloaded();
      messages.clear('model:');
      messages.showOnce('embedded:ready', MessageType.Info, `${known.title} is ready: completions run inside infill-ls (${destination}).`);
      logger.info(`downloaded ${known.name} to ${destination}`);
    } catch (e) {
      progress.done('failed');
      const why = e instanceof DownloadError ? e.message : e instanceof Error ? e.message : String(e);
      messages.showOnce('embedded:failed', MessageType.Error, `The download of ${known.title} failed: ${why} Run "infill-ls model pull ${known.name}" in a terminal to try again (it resumes).`);
      logger.warn(`download of ${known.name} failed: ${why}`);
    }
  });
  return true;
}
