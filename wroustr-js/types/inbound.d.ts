/** @typedef {() => Promise<unknown>} Job */
export class InboundQueue {
    /**
     * @param {number} max received messages that may wait
     * @param {() => import('./connection.js').Connection | null} current the connection open now
     */
    constructor(max: number, current: () => import("./connection.js").Connection | null);
    /** Received messages waiting for their handlers, the one running included. */
    get waiting(): number;
    /** Resolves once every job queued so far has finished. */
    drained(): Promise<void>;
    /** Runs `job` after every job queued before it has finished. @param {Job} job */
    run(job: Job): void;
    /**
     * Queues the handling of a received message. Past the bound a socket that can pause stops
     * reading until the line is down to half, and TCP slows the server; a browser's cannot, and
     * takes whatever arrives, so its connection is closed with 1008 and the message dropped.
     *
     * @param {Job} job
     */
    received(job: Job): void;
    #private;
}
export type Job = () => Promise<unknown>;
