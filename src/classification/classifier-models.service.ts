import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { withAdvisoryLock } from '../database/advisory-lock.js';
import { DEFAULT_DEPARTMENTS } from '../departments/default-departments.js';
import { DepartmentsService } from '../departments/departments.service.js';
import type { DepartmentView } from '../departments/dto/department.dto.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ClassificationCorrection } from './classification-correction.entity.js';
import { ClassificationModel, type ModelEvaluation } from './classification-model.entity.js';
import { acceptsCandidate, decideAll, summarise } from './model-evaluation.util.js';
import {
  deserialiseModel,
  serialiseModel,
  trainClassifier,
  CALIBRATION_FOLDS,
  type ClassifierModel,
  type LabelledMessage,
} from './text-classifier.util.js';
import { loadHeldOutExamples, loadTrainingExamples } from './training-data.js';
import {
  DEFAULT_CODES as SHIPPED_CODES,
  defaultFingerprint,
  hash,
  loadShipped,
  trainDefault,
  type TrainedDefault,
} from './default-model.js';

export const RETRAIN_QUEUE = 'classification.retrain';
const DEFAULT_LOCK = 7_340_300;
const DEFAULT_CODES = new Set(DEFAULT_DEPARTMENTS.map((department) => department.code));
/** How long an organisation's departments and active model are trusted before a re-read. */
const REFRESH_MS = 5_000;
/** Corrections and the organisation's own examples weigh this many shipped messages. */
const CORRECTION_WEIGHT = 3;
const EXAMPLE_WEIGHT = 4;
/** One correction in this many is kept aside to evaluate the retrained model. */
const EVALUATION_SHARE = 5;

export interface LoadedModel {
  id: string;
  /** What answers say they came from: `default-N` or `org-N`. */
  version: string;
  model: ClassifierModel;
  row: Omit<ClassificationModel, 'data'>;
}

interface OrganisationState {
  at: number;
  departments: DepartmentView[];
  active: Set<string>;
  taxonomy: string;
  /** The organisation needs a model of its own (own departments, examples, corrections). */
  ownModel: boolean;
  activeModelId: string | null;
  activeTaxonomy: string | null;
}

class TrainingAborted extends Error {}

/**
 * Trains, stores, loads and swaps the classifier models: the default model from the shipped data
 * (trained once per data version, stored in PostgreSQL, loaded at the next start), and each
 * organisation's own model, retrained in the background after corrections or department changes.
 */
@Injectable()
export class ClassifierModelsService
  implements OnModuleInit, OnModuleDestroy, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(ClassifierModelsService.name);
  private defaultPromise?: Promise<LoadedModel>;
  private readonly loaded = new Map<string, Promise<LoadedModel>>();
  private readonly states = new Map<string, OrganisationState>();
  /** Departments seen changed, per organisation: when a retraining was last asked for them. */
  private readonly asked = new Map<string, { taxonomy: string; at: number }>();
  private closing = false;
  private shippedFingerprintValue?: string;

  constructor(
    @InjectRepository(ClassificationModel) private readonly models: Repository<ClassificationModel>,
    @InjectRepository(ClassificationCorrection)
    private readonly corrections: Repository<ClassificationCorrection>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly departments: DepartmentsService,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.work<{ organisationId: string }>(
      RETRAIN_QUEUE,
      async (jobs) => {
        for (const job of jobs) await this.retrain(job.data.organisationId);
      },
      { retryLimit: 3, retryDelay: 10, expireInSeconds: 900 },
    );
  }

  /** In demo mode the default model is made ready at start; otherwise on first use (or loaded if stored). */
  onApplicationBootstrap(): void {
    if (this.config.demo) {
      this.defaultModel().catch((error: unknown) => this.logFailure('default model', error));
    }
  }

  /** The earliest shutdown hook: a training in progress stops before the queue waits for its job. */
  onModuleDestroy(): void {
    this.closing = true;
  }

  onApplicationShutdown(): void {
    this.closing = true;
  }

  /** The model that answers for an organisation, and the departments it may route to. */
  async modelFor(organisationId: string): Promise<{ loaded: LoadedModel; departments: Set<string> }> {
    const state = await this.state(organisationId);
    if (state.ownModel && state.activeTaxonomy !== state.taxonomy) {
      // Asked once per change (and again if nothing came of it after a while), not on every message.
      const asked = this.asked.get(organisationId);
      const patience = (this.config.classifierRetrainDelaySeconds + 600) * 1000;
      if (asked?.taxonomy !== state.taxonomy || Date.now() - asked.at > patience) {
        this.asked.set(organisationId, { taxonomy: state.taxonomy, at: Date.now() });
        await this.scheduleRetrain(organisationId);
      }
    }
    const loaded = state.activeModelId ? await this.load(state.activeModelId) : await this.defaultModel();
    return { loaded, departments: state.active };
  }

  /** The default model: stored for this data version, or trained now (once across instances). */
  defaultModel(): Promise<LoadedModel> {
    this.defaultPromise ??= this.ensureDefault().catch((error: unknown) => {
      this.defaultPromise = undefined;
      throw error;
    });
    return this.defaultPromise;
  }

  /**
   * Asks for a retraining of the organisation's model after the debounce delay: pg-boss keeps one
   * job per organisation and time slot, so a burst of corrections makes one or two retrainings.
   */
  async scheduleRetrain(organisationId: string, manager?: EntityManager): Promise<void> {
    const seconds = this.config.classifierRetrainDelaySeconds;
    await this.jobs.send(
      RETRAIN_QUEUE,
      { organisationId },
      { singletonKey: organisationId, singletonSeconds: seconds, singletonNextSlot: true },
      manager,
    );
  }

  /** Forgets what is cached about an organisation (its departments or corrections changed). */
  invalidate(organisationId: string): void {
    this.states.delete(organisationId);
  }

  /** The model in use for an organisation and its latest versions, for GET /api/classification/model. */
  async describe(organisationId: string) {
    const { loaded } = await this.modelFor(organisationId);
    const history = await this.models.find({
      select: {
        id: true,
        version: true,
        status: true,
        trainedAt: true,
        examples: true,
        corrections: true,
        evaluation: true,
        departments: true,
        trainingSeconds: true,
      },
      where: { organisationId },
      order: { version: 'DESC' },
      take: 10,
    });
    const state = await this.state(organisationId);
    return {
      version: loaded.version,
      scope: loaded.row.organisationId ? ('organisation' as const) : ('default' as const),
      trainedAt: loaded.row.trainedAt,
      examples: loaded.row.examples,
      corrections: loaded.row.corrections,
      departments: loaded.row.departments,
      trainingSeconds: loaded.row.trainingSeconds,
      evaluation: loaded.row.evaluation,
      retrainPending: state.ownModel && state.activeTaxonomy !== state.taxonomy,
      history: history.map((row) => ({
        version: `org-${row.version}`,
        status: row.status,
        trainedAt: row.trainedAt,
        examples: row.examples,
        corrections: row.corrections,
        evaluation: row.evaluation,
      })),
    };
  }

  /**
   * The background job: retrains the organisation's model from the shipped data, its departments'
   * examples and its corrections; evaluates it on the held-out data plus a share of the corrections
   * against the model in use; keeps it only when it is not worse. A retry or a duplicate job with
   * nothing new does nothing.
   */
  async retrain(organisationId: string): Promise<ClassificationModel | null> {
    return withAdvisoryLock(this.dataSource, organisationLock(organisationId), async () => {
      this.invalidate(organisationId);
      const state = await this.state(organisationId);
      const corrections = await this.latestCorrections(organisationId);
      const fingerprint = hash([this.shippedFingerprint(), state.taxonomy, ...corrections.map((c) => c.id)]);
      const active = state.activeModelId ? await this.models.findOneBy({ id: state.activeModelId }) : null;
      if (active?.fingerprint === fingerprint) return null;
      if (!state.ownModel) {
        // Back to the default departments and no corrections: the default model answers again.
        if (active) await this.models.update({ id: active.id }, { status: 'retired' });
        this.invalidate(organisationId);
        return null;
      }

      const started = Date.now();
      const evaluationCorrections = corrections.filter((c) => isEvaluationShare(c.id));
      const trainingCorrections = corrections.filter((c) => !isEvaluationShare(c.id));
      const messages = [
        ...loadTrainingExamples(),
        ...departmentExamples(state.departments),
        ...trainingCorrections.map((c) => correctionExample(c, CORRECTION_WEIGHT)),
      ];
      // The shipped departments stay classes of their own even when the organisation lacks them: a
      // message about school coaches is then recognised as such, and masked (no department), rather
      // than forced into one of the organisation's departments.
      const { model } = await trainClassifier(messages, {
        departments: [...new Set([...state.active, ...DEFAULT_CODES])],
        other: false,
        folds: CALIBRATION_FOLDS,
        pause: () => this.pause(),
      });
      const evaluationSet = [
        ...loadHeldOutExamples(),
        ...evaluationCorrections.map((c) => correctionExample(c, 1)),
      ];
      const candidate = summarise(decideAll(model, evaluationSet, state.active), state.active);
      const current = active ? (await this.load(active.id)).model : (await this.defaultModel()).model;
      const previous = summarise(decideAll(current, evaluationSet, state.active), state.active);
      const taxonomyChanged = (active?.taxonomy ?? null) !== state.taxonomy;
      const accepted = acceptsCandidate(candidate.score, previous.score, taxonomyChanged);
      const evaluation: ModelEvaluation = {
        heldOut: evaluationSet.length - evaluationCorrections.length,
        corrections: evaluationCorrections.length,
        ...candidate,
        previousScore: previous.score,
        accepted,
      };
      const row = await this.dataSource.transaction(async (manager) => {
        const repository = manager.getRepository(ClassificationModel);
        const last = await repository.findOne({
          select: { version: true },
          where: { organisationId },
          order: { version: 'DESC' },
        });
        if (accepted) await repository.update({ organisationId, status: 'active' }, { status: 'retired' });
        return repository.save({
          organisationId,
          version: (last?.version ?? 0) + 1,
          status: accepted ? 'active' : 'rejected',
          fingerprint,
          taxonomy: state.taxonomy,
          departments: [...state.active].sort(),
          examples: messages.length,
          corrections: trainingCorrections.length,
          trainingSeconds: (Date.now() - started) / 1000,
          evaluation,
          data: serialiseModel(model),
          trainedAt: new Date(model.trainedAt),
        });
      });
      this.invalidate(organisationId);
      this.logger.log(
        `Organisation ${organisationId}: model v${row.version} ${accepted ? 'in use' : 'rejected'} ` +
          `(score ${candidate.score.toFixed(3)} vs ${previous.score.toFixed(3)})`,
      );
      return row;
    });
  }

  private async state(organisationId: string): Promise<OrganisationState> {
    const cached = this.states.get(organisationId);
    if (cached && Date.now() - cached.at < REFRESH_MS) return cached;
    const departments = (await this.departments.list(organisationId)).filter((d) => d.active);
    const active = new Set(departments.map((d) => d.code));
    const custom = departments.some((d) => !DEFAULT_CODES.has(d.code) || d.examples.length > 0);
    const hasCorrections = (await this.corrections.count({ where: { organisationId }, take: 1 })) > 0;
    const activeRow = await this.models.findOne({
      select: { id: true, taxonomy: true },
      where: { organisationId, status: 'active' },
    });
    const state: OrganisationState = {
      at: Date.now(),
      departments,
      active,
      taxonomy: taxonomyOf(departments),
      ownModel: custom || hasCorrections,
      activeModelId: activeRow?.id ?? null,
      activeTaxonomy: activeRow?.taxonomy ?? null,
    };
    this.states.set(organisationId, state);
    return state;
  }

  private load(id: string): Promise<LoadedModel> {
    let promise = this.loaded.get(id);
    if (!promise) {
      promise = (async () => {
        const row = await this.models.findOneByOrFail({ id });
        return toLoaded(row);
      })();
      promise.catch(() => this.loaded.delete(id));
      this.loaded.set(id, promise);
      // Keep a handful of organisations' models in memory; others are reloaded when needed.
      if (this.loaded.size > 16) this.loaded.delete(this.loaded.keys().next().value!);
    }
    return promise;
  }

  private async ensureDefault(): Promise<LoadedModel> {
    const fingerprint = this.shippedFingerprint();
    const find = () => this.models.findOneBy({ organisationId: IsNull(), fingerprint, status: 'active' });
    const stored = await find();
    if (stored) return toLoaded(stored);
    return withAdvisoryLock(this.dataSource, DEFAULT_LOCK, async () => {
      const again = await find();
      if (again) return toLoaded(again);
      const shipped = loadShipped();
      let trained: TrainedDefault;
      let data: Buffer;
      if (shipped.trained) {
        ({ trained, data } = shipped);
        this.logger.log('Default classifier loaded from the shipped copy');
      } else {
        this.logger.log(`Training the default classifier (${shipped.reason})`);
        trained = await trainDefault(() => this.pause());
        data = serialiseModel(trained.model);
        this.logger.log(
          `Default classifier trained on ${trained.examples} messages in ${trained.trainingSeconds.toFixed(1)} s`,
        );
      }
      const last = await this.models.findOne({
        select: { version: true },
        where: { organisationId: IsNull() },
        order: { version: 'DESC' },
      });
      await this.models.update({ organisationId: IsNull(), status: 'active' }, { status: 'retired' });
      const row = await this.models.save({
        organisationId: null,
        version: (last?.version ?? 0) + 1,
        status: 'active',
        fingerprint,
        taxonomy: 'default',
        departments: SHIPPED_CODES,
        examples: trained.examples,
        corrections: 0,
        trainingSeconds: trained.trainingSeconds,
        evaluation: trained.evaluation,
        data,
        trainedAt: new Date(trained.model.trainedAt),
      });
      return toLoaded(row);
    });
  }

  /** Hash of the model format and the shipped training files. */
  private shippedFingerprint(): string {
    this.shippedFingerprintValue ??= defaultFingerprint();
    return this.shippedFingerprintValue;
  }

  /**
   * One example per ticket: the labels of its corrections merged in order (a person may fix the
   * department in one change and the intent in the next), with its latest text.
   */
  private async latestCorrections(organisationId: string): Promise<ClassificationCorrection[]> {
    const rows = await this.corrections.find({
      where: { organisationId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const byTicket = new Map<string, ClassificationCorrection>();
    for (const row of rows) {
      const key = row.ticketId ?? row.id;
      const earlier = byTicket.get(key);
      byTicket.set(key, earlier ? { ...row, labels: { ...earlier.labels, ...row.labels } } : row);
    }
    return [...byTicket.values()];
  }

  /** Lets the event loop breathe during training; stops it when the application closes. */
  private async pause(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.closing) throw new TrainingAborted('The application is closing');
  }

  private logFailure(what: string, error: unknown): void {
    if (error instanceof TrainingAborted) return;
    this.logger.error(
      `Training the ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function toLoaded(row: ClassificationModel): LoadedModel {
  const { data, ...rest } = row;
  return {
    id: row.id,
    version: row.organisationId ? `org-${row.version}` : `default-${row.version}`,
    model: deserialiseModel(data),
    row: rest,
  };
}

/** The organisation's departments as training examples: their own examples and, for new ones, their description. */
function departmentExamples(departments: DepartmentView[]): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  for (const department of departments) {
    for (const text of department.examples) {
      if (text.trim()) out.push({ text, department: department.code, weight: EXAMPLE_WEIGHT });
    }
    if (!DEFAULT_CODES.has(department.code)) {
      const sentences = [department.name, ...(department.description ?? '').split(/[.;,\n]+/)];
      for (const sentence of sentences) {
        if (sentence.trim().length > 2)
          out.push({ text: sentence.trim(), department: department.code, weight: EXAMPLE_WEIGHT / 2 });
      }
    }
  }
  return out;
}

function correctionExample(correction: ClassificationCorrection, weight: number): LabelledMessage {
  const labels = correction.labels;
  return {
    text: correction.text,
    context: correction.context ?? undefined,
    platform: correction.platform ?? undefined,
    department: labels.intent === 'spam' ? null : labels.department,
    intent: labels.intent,
    sentiment: labels.sentiment,
    toxic: labels.toxic,
    weight,
  };
}

function taxonomyOf(departments: DepartmentView[]): string {
  const sorted = [...departments].sort((a, b) => a.code.localeCompare(b.code));
  return hash(
    sorted.map((d) =>
      JSON.stringify([
        d.code,
        DEFAULT_CODES.has(d.code) ? '' : `${d.name}|${d.description ?? ''}`,
        d.examples,
      ]),
    ),
  );
}

function isEvaluationShare(id: string): boolean {
  return parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16) % EVALUATION_SHARE === 0;
}

function organisationLock(organisationId: string): number {
  return (
    7_341_000_000 +
    (parseInt(createHash('sha256').update(organisationId).digest('hex').slice(0, 8), 16) % 1_000_000)
  );
}
