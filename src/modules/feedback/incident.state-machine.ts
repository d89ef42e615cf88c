// The incident state machine: the one table of which status may follow which.
//
//   openIncident → OPEN ─→ MONITORING ─→ RESOLVED
//                  OPEN ─→ RESOLVED        MONITORING ─→ OPEN (it flared up again)
//                  RESOLVED ─→ OPEN (reopened: it was not over; endedAt is cleared)
import { IncidentStatus } from './incident.entity';

const NEXT: Record<IncidentStatus, readonly IncidentStatus[]> = {
  [IncidentStatus.OPEN]: [IncidentStatus.MONITORING, IncidentStatus.RESOLVED],
  [IncidentStatus.MONITORING]: [IncidentStatus.OPEN, IncidentStatus.RESOLVED],
  [IncidentStatus.RESOLVED]: [IncidentStatus.OPEN],
};

/** Why `to` may not follow `from`, or null when it may. */
export function incidentRefusal(from: IncidentStatus, to: IncidentStatus): string | null {
  if (NEXT[from].includes(to)) return null;
  if (from === to) return `The incident is ${from} already`;
  return `An incident that is ${from} cannot move to ${to} (allowed: ${NEXT[from].join(', ')})`;
}

/** The audit action of a move to `to`. */
export function incidentAction(from: IncidentStatus, to: IncidentStatus): string {
  if (from === IncidentStatus.RESOLVED) return 'incident.reopened';
  return `incident.${to.toLowerCase()}`;
}
