/**
 * patches/kafkajs+2.2.4.patch: kafkajs's admin client gains `removeGroupMembers`, which sends
 * LeaveGroup to the group's coordinator on behalf of members known to be dead, so the group
 * rebalances without waiting for their session timeout. These tests drive the installed
 * kafkajs admin module against a scripted cluster, so they fail when the patch was not applied.
 */

interface LeaveRequest {
  nodeId: number;
  groupId: string;
  memberId: string;
}

type Admin = { removeGroupMembers(options: { groupId: string; memberIds: string[] }): Promise<string[]> };

// kafkajs ships no types for its internals.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const createAdmin = require('kafkajs/src/admin') as (options: object) => Admin;

function protocolError(type: string, retriable = false): Error {
  return Object.assign(new Error(type), { type, retriable });
}

/** A cluster whose group coordinator answers LeaveGroup, unless `answers` scripts an error for a member id. */
function scriptedCluster() {
  const requests: LeaveRequest[] = [];
  const answers = new Map<string, Error[]>();
  let coordinatorNodeId = 1;
  const cluster = {
    refreshMetadata: async () => undefined,
    findGroupCoordinator: async ({ groupId }: { groupId: string }) => {
      const nodeId = coordinatorNodeId;
      return {
        nodeId,
        leaveGroup: async ({ memberId }: { groupId: string; memberId: string }) => {
          requests.push({ nodeId, groupId, memberId });
          const error = answers.get(memberId)?.shift();
          if (error) throw error;
        },
        groupId,
      };
    },
  };
  return { cluster, requests, answers, moveCoordinator: (nodeId: number) => (coordinatorNodeId = nodeId) };
}

const silentLogger = { namespace: () => silentLogger, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const retry = { retries: 3, initialRetryTime: 1, maxRetryTime: 5 };

describe('kafkajs admin (patched): removeGroupMembers', () => {
  it('sends LeaveGroup for each member to the group coordinator and returns those it removed', async () => {
    const { cluster, requests } = scriptedCluster();
    const admin = createAdmin({ logger: silentLogger, retry, cluster });

    await expect(admin.removeGroupMembers({ groupId: 'handlers', memberIds: ['m-1', 'm-2'] })).resolves.toEqual(['m-1', 'm-2']);
    expect(requests).toEqual([
      { nodeId: 1, groupId: 'handlers', memberId: 'm-1' },
      { nodeId: 1, groupId: 'handlers', memberId: 'm-2' },
    ]);
  });

  it('skips a member that already left or expired', async () => {
    const { cluster, answers } = scriptedCluster();
    answers.set('gone', [protocolError('UNKNOWN_MEMBER_ID')]);
    const admin = createAdmin({ logger: silentLogger, retry, cluster });

    await expect(admin.removeGroupMembers({ groupId: 'handlers', memberIds: ['gone', 'm-2'] })).resolves.toEqual(['m-2']);
  });

  it('looks the coordinator up again when it moved', async () => {
    const { cluster, answers, requests, moveCoordinator } = scriptedCluster();
    answers.set('m-1', [protocolError('NOT_COORDINATOR_FOR_GROUP', true)]);
    const admin = createAdmin({ logger: silentLogger, retry, cluster });
    moveCoordinator(1);
    const removing = admin.removeGroupMembers({ groupId: 'handlers', memberIds: ['m-1'] });
    moveCoordinator(2);

    await expect(removing).resolves.toEqual(['m-1']);
    expect(requests.map((request) => request.nodeId)).toEqual([1, 2]);
  });

  it('fails on an error that retrying cannot fix', async () => {
    const { cluster, answers } = scriptedCluster();
    answers.set('m-1', [protocolError('GROUP_AUTHORIZATION_FAILED')]);
    const admin = createAdmin({ logger: silentLogger, retry, cluster });

    await expect(admin.removeGroupMembers({ groupId: 'handlers', memberIds: ['m-1'] })).rejects.toThrow('GROUP_AUTHORIZATION_FAILED');
  });
});
