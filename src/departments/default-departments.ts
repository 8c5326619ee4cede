/** The departments of a French conseil départemental (taxonomy.md): what a new organisation starts with. */
export const DEFAULT_DEPARTMENTS: ReadonlyArray<{ code: string; name: string; description: string }> = [
  {
    code: 'routes',
    name: 'Routes et infrastructures',
    description:
      'Routes départementales, nids-de-poule, chaussée, déneigement et salage, signalisation, ponts, travaux et déviations, fauchage des accotements, traversées dangereuses, pistes cyclables le long des routes',
  },
  {
    code: 'mobilites',
    name: 'Transports et mobilités',
    description:
      'Cars interurbains, transport scolaire, horaires, retards, abonnements et tarifs, covoiturage et aires de covoiturage, transport à la demande',
  },
  {
    code: 'colleges',
    name: 'Éducation et collèges',
    description:
      'Bâtiments des collèges, chauffage, cantines et restauration scolaire, équipements (ordinateurs, tablettes), bourses, sectorisation',
  },
  {
    code: 'solidarites',
    name: 'Solidarités et action sociale',
    description:
      'RSA, APA et personnes âgées, handicap (MDPH, PCH), aide sociale à l’enfance, PMI, aide à domicile, EHPAD, urgences sociales',
  },
  {
    code: 'environnement',
    name: 'Environnement et cadre de vie',
    description:
      'Espaces naturels sensibles, dépôts sauvages, pollution, rivières et eau, arbres, biodiversité, transition énergétique',
  },
  {
    code: 'culture-sport',
    name: 'Culture, patrimoine et sport',
    description:
      'Musées, archives, réseau des médiathèques, festivals, patrimoine, subventions aux associations culturelles et sportives, équipements et événements sportifs',
  },
  {
    code: 'tourisme',
    name: 'Tourisme et attractivité',
    description:
      'Information touristique, randonnée et itinéraires cyclables, baignade, hébergement, campagnes de promotion, événements touristiques',
  },
  {
    code: 'economie-emploi',
    name: 'Économie, emploi et insertion',
    description: 'Aides aux entreprises, agriculture, emploi et insertion, formation, commerces de proximité',
  },
  {
    code: 'numerique',
    name: 'Numérique',
    description:
      'Fibre et haut débit, zones blanches de téléphonie mobile, services en ligne du Département en panne',
  },
  {
    code: 'administration',
    name: 'Administration et vie institutionnelle',
    description:
      'Élus et séances du conseil, budget, fiscalité, marchés publics, emplois au Département, horaires d’ouverture, courrier, démarches générales',
  },
  {
    code: 'communication',
    name: 'Communication',
    description:
      'Ce que le community manager traite seul : remerciements, avis généraux sans service concerné, questions sur la page ou le compte',
  },
];
