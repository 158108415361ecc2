import type { MlCore } from '../../core.js';
import { fromJsonMap, idArg, objectArg, toJsonMap } from './args.js';

/**
 * `im.addOrModifyPassenger(passenger, callback)`: creates a visitor, or merges the fields into an
 * existing one → its id as a String (§6.2 item 12). `passenger.id` forces the id; without it a
 * random one is assigned. The other fields are free-form JSON values. The id logs in with
 * `ML.im({passenger: {id}})`. An id of a registered user is 5005.
 */
export function addOrModifyPassenger(core: MlCore, ...args: unknown[]): void {
  const [passenger] = args;
  core.rest(args.at(-1), async () => {
    const { id, ...fields } = objectArg(passenger, 'passenger');
    const guest = await core.client.request('guestUpsert', {
      ...(id !== undefined && id !== null && id !== '' && { id: idArg(id, 'passenger.id') }),
      fields: toJsonMap(fields),
    });
    return String(guest?.id ?? '');
  });
}

/** `im.getPassenger(passengerId, callback)`: the visitor's stored fields (without `id`); 5004 for an unknown visitor. */
export function getPassenger(core: MlCore, ...args: unknown[]): void {
  const [passengerId] = args;
  core.rest(args.at(-1), async () => {
    const guest = await core.client.request('guestGet', { id: idArg(passengerId, 'passengerId') });
    return fromJsonMap(guest?.fields);
  });
}
