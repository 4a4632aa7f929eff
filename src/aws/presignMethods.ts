// The methods the presigner signs, as a value: SDK-free, so the extension's activation bundle and the CLI
// can check a method without loading the AWS SDK.
import type { PresignMethod } from './presign';

export const PRESIGN_METHODS: readonly PresignMethod[] = ['GET', 'PUT', 'HEAD', 'DELETE'];

export const isPresignMethod = (value: unknown): value is PresignMethod =>
  PRESIGN_METHODS.includes(value as PresignMethod);
