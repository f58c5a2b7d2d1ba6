/**
 * What the serving process lets the dashboard do and know about its lifecycle: reload the
 * config file, and when it was last loaded. A library user embedding the handler may give none.
 *
 * @module
 */
export interface ReloadOutcome {
  ok: boolean;
  /** "config reloaded: 2 changes" or why the new file was refused. */
  message: string;
  changes?: string[];
}

export interface GatewayControl {
  reload?(): ReloadOutcome;
  /** Epoch ms of the last successful (re)load. */
  configLoadedAt?(): number;
}
