import { removeLocalData } from '../../infra/local-stack';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__EVENTLINE_STACK__?.stop();
  const dataDir = process.env.EVENTLINE_TEST_DATA_DIR;
  if (dataDir) removeLocalData(dataDir);
}
