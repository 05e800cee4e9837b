import { PermissionDenied } from '@cs/errors';

export const SIGNER_RULE = 'aftersales.intercept.warehouse-signs-as-self';

/** Who records a sign-in, as the verified token says. */
export interface SigningCaller {
  roles: readonly string[];
  name: string;
}

// The desk that owns the case, and those above it, record a signature the warehouse made on paper.
const recordsForTheWarehouse = ['aftersales-agent', 'supervisor', 'manager'];

/**
 * 原件已收到 (domain.md §3, intercept): the warehouse signs the returned parcel in. Warehouse staff
 * sign only as themselves (no name given means the caller); the after-sales desk records the
 * signature of the warehouse person named on the slip. Returns the name to record.
 */
export function signerOfReturnedParcel(caller: SigningCaller, signedBy: string): string {
  if (caller.roles.some((role) => recordsForTheWarehouse.includes(role))) return signedBy.trim();
  const signer = signedBy.trim() || caller.name;
  if (signer !== caller.name) {
    throw new PermissionDenied(
      `${SIGNER_RULE}: warehouse staff sign a returned parcel in as themselves (${caller.name}), not as ${signer}`,
    );
  }
  return signer;
}
