// The SignalR connection to /hubs/twin. A control-room screen runs for weeks unattended, so it never
// gives up: automatic reconnect retries forever with capped backoff, a failed first start is retried the
// same way, and every (re)connect re-sends the subscriptions, because the server forgets a connection's
// groups when the connection is lost.
import * as signalR from '@microsoft/signalr';
import { signIn } from './api.js';

const MAX_DELAY_MS = 30_000;

function backoff(retry) {
  // 0.5 s, 1 s, 2 s … capped at 30 s, with jitter so a room full of screens does not reconnect in step.
  const base = Math.min(MAX_DELAY_MS, 500 * 2 ** Math.min(retry, 10));
  return base * (0.8 + Math.random() * 0.4);
}

export class TwinHub {
  /**
   * @param {Record<string, (msg: any) => void>} handlers server-invoked methods (city, district, river, device, alarm)
   * @param {(state: 'connecting'|'live'|'reconnecting'|'offline') => void} onState
   */
  constructor(handlers, onState) {
    this.onState = onState;
    this.districts = new Set();
    this.device = null;
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/twin') // same origin: the sign-in cookie goes with the negotiate request and the socket
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => backoff(ctx.previousRetryCount) })
      .configureLogging(signalR.LogLevel.None) // failures are shown by the indicator, not the console
      .build();
    for (const [name, fn] of Object.entries(handlers)) this.connection.on(name, fn);
    this.connection.onreconnecting(() => this.onState('reconnecting'));
    this.connection.onreconnected(() => this.#subscribeAll());
    // Reached only if the server refuses reconnection; start over as if the page were new.
    this.connection.onclose(() => {
      this.onState('offline');
      this.#startLoop(1);
    });
  }

  start() {
    this.onState('connecting');
    this.#startLoop(0);
  }

  get live() {
    return this.connection.state === signalR.HubConnectionState.Connected;
  }

  async #startLoop(retry) {
    for (;;) {
      try {
        await this.connection.start();
        await this.#subscribeAll();
        return;
      } catch (err) {
        // The session ended (cookie expired, account disabled): sign in again instead of retrying forever.
        if (err?.statusCode === 401 || /Status code '401'/.test(String(err?.message ?? err))) {
          signIn();
          return;
        }
        this.onState('offline');
        await new Promise((r) => setTimeout(r, backoff(retry++)));
        if (this.connection.state !== signalR.HubConnectionState.Disconnected) return;
      }
    }
  }

  async #subscribeAll() {
    try {
      await this.connection.invoke('SubscribeCity');
      await this.connection.invoke('SubscribeAlarms'); // a screen that shows "live" must not miss an alarm
      for (const d of this.districts) await this.connection.invoke('SubscribeDistrict', d);
      if (this.device) await this.connection.invoke('SubscribeDevice', this.device);
      this.onState('live');
    } catch {
      // A subscribe that fails on a live connection means the server is in trouble; drop the
      // connection so the reconnect path (and its re-subscribe) takes over.
      this.onState('reconnecting');
      this.connection.stop().catch(() => {});
    }
  }

  subscribeDistrict(id) {
    this.districts.add(id);
    if (this.live) this.connection.invoke('SubscribeDistrict', id).catch(() => {});
  }

  /** Follows one device (the open device panel); null stops following. */
  followDevice(id) {
    const previous = this.device;
    this.device = id;
    if (!this.live) return;
    if (previous && previous !== id) this.connection.invoke('UnsubscribeDevice', previous).catch(() => {});
    if (id) this.connection.invoke('SubscribeDevice', id).catch(() => {});
  }
}
