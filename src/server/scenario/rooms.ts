// The rooms of a scenario: named groups of clients that join, leave and receive what is published
// to them. Clients choose the names (`join: "{{json.rooms}}"`), so how many rooms one client is in
// and how long a name is are bounded: a message of 1 MiB could otherwise make 100,000 rooms, and
// the next one as many again.

import { keyPreview } from './stateBounds';

export const MAX_ROOMS_PER_CLIENT = 256;
export const MAX_ROOM_NAME_CHARS = 256;

export class Rooms {
  private readonly rooms = new Map<string, Set<string>>();
  /** How many rooms each client is in. */
  private readonly counts = new Map<string, number>();

  /** `report` says why a join was refused (an error event for that client). */
  constructor(private readonly report: (message: string, clientId: string) => void) {}

  /** Ids of the clients in `name`. */
  members(name: string): Iterable<string> {
    return this.rooms.get(name) ?? [];
  }

  /** Joins each room it may; returns the last room named that the client is now in. */
  join(clientId: string, names: string[]): string | undefined {
    let last: string | undefined;
    let overCount = 0;
    for (const name of names) {
      if (name.length > MAX_ROOM_NAME_CHARS) {
        this.report(`not joined: the room name "${keyPreview(name)}" is ${name.length} characters long; a room name may have at most ${MAX_ROOM_NAME_CHARS}`, clientId);
        continue;
      }
      let members = this.rooms.get(name);
      if (!members?.has(clientId)) {
        const count = this.counts.get(clientId) ?? 0;
        if (count >= MAX_ROOMS_PER_CLIENT) {
          overCount++;
          continue;
        }
        if (!members) this.rooms.set(name, (members = new Set()));
        members.add(clientId);
        this.counts.set(clientId, count + 1);
      }
      last = name;
    }
    if (overCount) this.report(`not joined: a client may be in at most ${MAX_ROOMS_PER_CLIENT} rooms (${overCount} more asked for)`, clientId);
    return last;
  }

  leave(clientId: string, name: string): void {
    const members = this.rooms.get(name);
    if (!members?.delete(clientId)) return;
    this.counts.set(clientId, (this.counts.get(clientId) ?? 1) - 1);
    if (members.size === 0) this.rooms.delete(name);
  }

  leaveAll(clientId: string): void {
    for (const [name, members] of this.rooms) {
      members.delete(clientId);
      if (members.size === 0) this.rooms.delete(name);
    }
    this.counts.delete(clientId);
  }
}
