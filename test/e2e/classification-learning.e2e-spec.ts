import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CorrectionsService } from '../../src/classification/corrections.service.js';
import { DEFAULT_DEPARTMENTS } from '../../src/departments/default-departments.js';
import { Department } from '../../src/departments/department.entity.js';
import { classify, currentModel, until } from '../support/classification-factories.js';
import { createOrganisation, createUser, login } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const MINUTES = 60_000;

describe('Classification learns an organisation’s own departments and its corrections', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CLASSIFIER_RETRAIN_DELAY_SECONDS: '1' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  async function organisationWith(departments: 'none' | 'default') {
    const organisation = await createOrganisation(t.dataSource, { territory: ['49'] });
    if (departments === 'default') {
      await t.dataSource.getRepository(Department).save(
        DEFAULT_DEPARTMENTS.map((d) => ({
          organisationId: organisation.id,
          code: d.code,
          name: d.name,
          description: d.description,
          emails: [],
        })),
      );
    }
    const admin = await createUser(t.dataSource, organisation.id, 'admin');
    const cm = await createUser(t.dataSource, organisation.id, 'cm');
    return {
      organisation,
      admin,
      tokens: { admin: await login(t, admin.email), cm: await login(t, cm.email) },
    };
  }

  it(
    'routes messages to a commune’s etat-civil and proprete departments, taught by their descriptions and examples',
    async () => {
      const commune = await organisationWith('none');
      const departments = [
        {
          code: 'etat-civil',
          name: 'État civil',
          emails: ['etat-civil@mairie.example'],
          description:
            'Actes de naissance, de mariage et de décès, livret de famille, reconnaissance anticipée, changement de prénom, PACS',
          examples: [
            'Bonjour, comment obtenir un extrait d’acte de naissance ?',
            'je dois refaire mon livret de famille, il faut prendre rdv à la mairie ?',
            'Pour un acte de décès de mon père, quelles pièces fournir ?',
            'On voudrait se pacser, c’est à la mairie maintenant ?',
            'copie intégrale d acte de mariage svp pour mon dossier de retraite',
            'déclaration de naissance de notre fille, on a combien de jours ?',
            'changement de prénom pour mon fils, comment on fait la demande',
            'reconnaissance anticipée avant la naissance, il faut venir à deux ?',
          ],
        },
        {
          code: 'proprete',
          name: 'Propreté urbaine',
          emails: ['proprete@mairie.example'],
          description:
            'Ramassage des ordures ménagères, poubelles, encombrants, tags, déjections canines, nettoyage des rues et des trottoirs',
          examples: [
            'les poubelles n’ont pas été ramassées rue des Lilas depuis une semaine',
            'encore des sacs d’ordures éventrés devant l’école, c’est dégoûtant',
            'quand passe le ramassage des encombrants dans notre quartier ?',
            'tags sur le mur de la salle des fêtes, vous pouvez nettoyer ?',
            'crottes de chien partout sur le trottoir devant la boulangerie',
            'la benne à verre déborde place de l’église',
            'le trottoir est couvert de feuilles mortes et glissant, personne ne nettoie',
            'conteneur de tri cassé au bout de la rue, les déchets s envolent',
          ],
        },
      ];
      for (const department of departments) {
        await t.http
          .post('/api/departments')
          .auth(commune.tokens.admin, { type: 'bearer' })
          .send(department)
          .expect(201);
      }

      const birth =
        'Bonjour, je voudrais un extrait d’acte de naissance pour mon fils, c’est possible par internet ?';
      const rubbish =
        'les ordures ménagères n’ont pas été ramassées depuis 10 jours dans notre rue, ça déborde de partout';
      // The model in use does not know these departments yet: nothing is routed, a retraining is asked for.
      const before = await classify(t, commune.tokens.cm, { text: birth });
      expect(before.department.code).toBeNull();
      expect(before.needsReview).toBe(true);
      expect((await currentModel(t, commune.tokens.cm)).retrainPending).toBe(true);

      const model = await until(
        async () => {
          const current = await currentModel(t, commune.tokens.cm);
          return current.scope === 'organisation' ? current : undefined;
        },
        3 * MINUTES,
        'the commune’s model',
      );
      expect(model.version).toBe('org-1');
      expect(model.departments).toEqual(['etat-civil', 'proprete']);
      expect(model.examples).toBeGreaterThan(4000);
      expect(model.retrainPending).toBe(false);
      expect(model.evaluation).toMatchObject({ accepted: true });
      expect(model.evaluation!.heldOut).toBeGreaterThan(500);

      const civil = await classify(t, commune.tokens.cm, { text: birth });
      expect(civil.department.code).toBe('etat-civil');
      expect(civil.modelVersion).toBe('org-1');
      const clean = await classify(t, commune.tokens.cm, { text: rubbish });
      expect(clean.department.code).toBe('proprete');
      expect(clean.intent.code).toBe('report');
      // A subject the commune has no department for is not forced into one of its two.
      const road = await classify(t, commune.tokens.cm, {
        text: 'Le car scolaire de la ligne 12 est encore passé en avance ce matin, les enfants l’ont raté',
      });
      expect(road.department.code).toBeNull();
      expect(road.explanation.reviewReasons).toContain('no-department');
    },
    5 * MINUTES,
  );

  it(
    'stores corrections per organisation and retrains once, debounced, on all of them',
    async () => {
      const authority = await organisationWith('default');
      const bystander = await organisationWith('default');
      const corrections = t.app.get(CorrectionsService);
      const texts = [
        'le panneau de la piscine est tombé',
        'les horaires du musée ont changé ?',
        'la halle de tennis fuit quand il pleut',
        'merci pour le concert de samedi',
        'le gymnase du collège est fermé ce week end ?',
      ];
      for (const [i, text] of texts.entries()) {
        await corrections.record(authority.organisation.id, authority.admin.id, {
          text,
          platform: 'facebook',
          ticketId: null,
          department: 'culture-sport',
          intent: i === 3 ? 'opinion' : 'request',
          sentiment: i === 3 ? 'positive' : 'neutral',
          toxic: false,
        });
      }
      await expect(
        corrections.record(authority.organisation.id, authority.admin.id, {
          text: '  ',
          department: 'routes',
        }),
      ).rejects.toThrow(/text/);

      const model = await until(
        async () => {
          const current = await currentModel(t, authority.tokens.cm);
          return current.scope === 'organisation' ? current : undefined;
        },
        3 * MINUTES,
        'the retrained model',
      );
      // The latest version is trained on every correction: most for training, a share kept aside
      // for its evaluation (it may or may not replace the one in use, depending on that evaluation).
      await until(
        async () => {
          const [latest] = (await currentModel(t, authority.tokens.cm)).history;
          const seen = latest ? latest.corrections + (latest.evaluation?.corrections ?? 0) : 0;
          return seen === texts.length ? latest : undefined;
        },
        3 * MINUTES,
        'a model trained on all corrections',
      );
      expect(model.evaluation).toMatchObject({ accepted: true, previousScore: expect.any(Number) });
      // Debounced: five corrections in a row are not five trainings.
      const [{ versions }] = await t.dataSource.query<Array<{ versions: string }>>(
        'SELECT count(*) AS versions FROM classification_model WHERE organisation_id = $1',
        [authority.organisation.id],
      );
      expect(Number(versions)).toBeLessThanOrEqual(2);

      // The other organisation still uses the default model and has no corrections.
      const other = await currentModel(t, bystander.tokens.cm);
      expect(other.scope).toBe('default');
      expect(other.history).toEqual([]);
      const [{ count }] = await t.dataSource.query<Array<{ count: string }>>(
        'SELECT count(*) AS count FROM classification_correction WHERE organisation_id = $1',
        [bystander.organisation.id],
      );
      expect(Number(count)).toBe(0);
    },
    5 * MINUTES,
  );
});
