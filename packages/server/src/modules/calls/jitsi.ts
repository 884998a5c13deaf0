import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/** An unguessable conference room name: 128 random bits. */
export function newRoomName(): string {
  return `parley-${randomBytes(16).toString('hex')}`;
}

export interface JitsiConfig {
  baseUrl: string;
  /** With a secret: join links carry a JWT (self-hosted Jitsi with token authentication). */
  appId: string;
  appSecret: string;
}

/** How long a join token stays valid (a join within the call's first hours). */
const TOKEN_SECONDS = 4 * 60 * 60;

/**
 * The join link of a room at the configured Jitsi. Audio-only calls start with the camera off and in
 * audio-only mode through Jitsi's URL config fragment. With an app id and secret the link carries a JWT
 * (HS256, `aud` jitsi, `iss` the app id, `sub` the server's host, `room` this room only).
 */
export async function joinUrl(
  cfg: JitsiConfig,
  room: string,
  kind: 'video' | 'audio',
  user: { id: string; name: string; moderator: boolean },
  now: Date,
): Promise<string> {
  const base = new URL(cfg.baseUrl);
  const url = new URL(`${base.pathname.replace(/\/$/, '')}/${encodeURIComponent(room)}`, base);
  if (cfg.appId && cfg.appSecret) {
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({
      room,
      context: { user: { id: user.id, name: user.name, moderator: user.moderator } },
      moderator: user.moderator,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setAudience('jitsi')
      .setIssuer(cfg.appId)
      .setSubject(base.hostname)
      .setIssuedAt(iat)
      .setNotBefore(iat - 60)
      .setExpirationTime(iat + TOKEN_SECONDS)
      .sign(new TextEncoder().encode(cfg.appSecret));
    url.searchParams.set('jwt', token);
  }
  if (kind === 'audio') url.hash = 'config.startWithVideoMuted=true&config.startAudioOnly=true';
  return url.toString();
}
