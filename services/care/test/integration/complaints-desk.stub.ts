import {
  AftersalesServiceService,
  type OpenCaseRequest,
  OpenCaseResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import {
  ComplaintsServiceService,
  type OpenComplaintRequest,
  OpenComplaintResponse,
} from '@cs/contracts/cs/complaints/v1/complaints_service';
import { type Metadata, Server, ServerCredentials, status } from '@grpc/grpc-js';

/**
 * A stand-in for the complaint desk's gRPC server: real gRPC on a free port, answering OpenComplaint
 * with a complaint id and remembering what it was asked (request and bearer), nothing else.
 */
export async function startComplaintsDeskStub() {
  const received: { request: OpenComplaintRequest; authorization: string }[] = [];
  const server = new Server();
  const unimplemented = (_call: unknown, callback: (error: { code: number }) => void) =>
    callback({ code: status.UNIMPLEMENTED });
  const handlers = Object.fromEntries(Object.keys(ComplaintsServiceService).map((name) => [name, unimplemented]));
  server.addService(ComplaintsServiceService, {
    ...handlers,
    openComplaint: (
      call: { request: OpenComplaintRequest; metadata: Metadata },
      callback: (error: null, response: unknown) => void,
    ) => {
      received.push({ request: call.request, authorization: String(call.metadata.get('authorization')[0] ?? '') });
      callback(
        null,
        OpenComplaintResponse.fromJSON({ complaint: { complaintId: `complaint-for-${call.request.idempotencyKey}` } }),
      );
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

/** The same stand-in for after-sales: answers OpenCase with a case id, remembers what it was asked. */
export async function startAftersalesDeskStub() {
  const received: { request: OpenCaseRequest; authorization: string }[] = [];
  const server = new Server();
  const unimplemented = (_call: unknown, callback: (error: { code: number }) => void) =>
    callback({ code: status.UNIMPLEMENTED });
  const handlers = Object.fromEntries(Object.keys(AftersalesServiceService).map((name) => [name, unimplemented]));
  server.addService(AftersalesServiceService, {
    ...handlers,
    openCase: (
      call: { request: OpenCaseRequest; metadata: Metadata },
      callback: (error: null, response: unknown) => void,
    ) => {
      received.push({ request: call.request, authorization: String(call.metadata.get('authorization')[0] ?? '') });
      callback(null, OpenCaseResponse.fromJSON({ case: { caseId: `case-for-${call.request.idempotencyKey}` } }));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
