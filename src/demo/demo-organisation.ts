/** An invented département: the demo must not speak in a real authority's name. */
export const DEMO_ORGANISATION = {
  name: 'Département du Val-d’Orme',
  slug: 'val-d-orme',
  // The invented département borrows Maine-et-Loire's communes, so that places in messages resolve.
  territory: ['49'],
  signature: 'Le Département du Val-d’Orme',
};

export const DEMO_USERS = [
  { email: 'admin@demo.local', name: 'Nadia Rousseau', role: 'admin', password: 'demo-admin-2026' },
  { email: 'cm@demo.local', name: 'Camille Lefèvre', role: 'cm', password: 'demo-cm-2026' },
  {
    email: 'agent@demo.local',
    name: 'Julien Moreau',
    role: 'agent',
    password: 'demo-agent-2026',
    department: 'routes',
  },
  { email: 'elu@demo.local', name: 'Hélène Bertin', role: 'official', password: 'demo-elu-2026' },
] as const;
