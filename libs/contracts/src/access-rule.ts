/** What an RPC's (cs.common.v1.access) option declares; the generated accessTable holds one per RPC. */
export interface AccessRule {
  /** Token role names (ROLE_FRONT_LINE_AGENT → "front-line-agent") allowed to call it. */
  roles: string[];
  /** Changes state: audited with its outcome. */
  command: boolean;
  /** Returns customers' personal data: each read is audited. */
  readsPersonalData: boolean;
  /** Takes work in from outside: rate limited per caller. */
  intake: boolean;
  /** Full name of the response message, to mask its personal data. */
  response: string;
}
