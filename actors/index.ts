// actors/: the live system's public surface (others add their exports here).
export { createActorHost, type ActorHost, type ActorHostOptions, type ActorHostStats } from './host.ts';
export { createIntentRecorder, type IntentCause, type IntentRecorder, type IntentRouter, type RecordedIntent } from './intents.ts';
