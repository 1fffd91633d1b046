import { objectKeys } from './object-key';

describe('objectKeys', () => {
  it('reads the attempt back from a run folder, and nothing from other prefixes', () => {
    const folder = objectKeys.runFolder('t1', 'j1', 12, '0a1b2c3d');
    expect(objectKeys.attemptOfRunFolder(folder)).toBe(12);
    for (const other of [
      objectKeys.jobOf('t1', 'j1'),
      objectKeys.inFolder(folder, 'report.json'),
      'tenants/t1/jobs/j1/attempt-x-0a1b/',
      'tenants/t1/jobs/j1/attempt-3/',
      'tenants/t1/inputs/attempt-1-0a1b/',
    ])
      expect(objectKeys.attemptOfRunFolder(other)).toBeNull();
  });

  it('names the folder an object lies in', () => {
    const folder = objectKeys.runFolder('t1', 'j1', 1, 'ffff0000');
    expect(objectKeys.folderOf(objectKeys.inFolder(folder, 'issues.csv'))).toBe(folder);
  });
});
