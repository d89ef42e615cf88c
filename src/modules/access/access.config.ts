// The access module's configuration: how long a rotated-out partner secret keeps working.
import { int } from '../../config.fields';
import type { ConfigSection } from '../../module';

declare module '../../config' {
  interface ModuleSections {
    apiTokens: {
      /** After a rotation, the old secret keeps working this long, then stops. */
      rotationGraceSeconds: number;
    };
  }
}

export const accessConfig: ConfigSection = {
  parse: (env) => ({ apiTokens: { rotationGraceSeconds: int(env, 'API_TOKEN_ROTATION_GRACE_SECONDS', 86400, 0, 30 * 86400) } }),
};
