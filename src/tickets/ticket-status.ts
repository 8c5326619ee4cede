/** design.md: new → triaged → forwarded → answered → replied → closed, with spam and noted beside. */
export const TICKET_STATUSES = [
  'new',
  'triaged',
  'forwarded',
  'answered',
  'replied',
  'closed',
  'spam',
  'noted',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
