/** The transport id of JetStreamServer; @OnEvent handlers are registered only on servers with this id. */
export const JETSTREAM_TRANSPORT: unique symbol = Symbol.for('cs.bus.jetstream');
