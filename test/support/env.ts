// What the global setup hands to every test file.
export const TEST_JWT_SECRET = 'keel-test-secret-0123456789abcdefghijklmnopqrstuvwxyz';

export function testEnv(): { superuserUrl: string; template: string; runId: string } {
  const superuserUrl = process.env.KEEL_TEST_SUPERUSER_URL;
  const template = process.env.KEEL_TEST_TEMPLATE;
  const runId = process.env.KEEL_TEST_RUN_ID;
  if (!superuserUrl || !template || !runId) throw new Error('the jest global setup did not run');
  return { superuserUrl, template, runId };
}
