// Generated from proto/quorate.proto by `npm run proto`. Do not edit: change the .proto.
/* eslint-disable */

/** The protobufjs JSON descriptor of quorate.proto, for the codec. */
export const descriptor = {"nested":{"quorate":{"nested":{"v1":{"nested":{"Envelope":{"fields":{"eventId":{"type":"string","id":1},"commandId":{"type":"string","id":2},"cluster":{"type":"string","id":3},"origin":{"type":"string","id":4},"occurredAt":{"type":"int64","id":5},"schema":{"type":"uint32","id":6},"term":{"type":"uint64","id":7},"crc32c":{"type":"uint32","id":8},"body":{"type":"bytes","id":9},"entity":{"type":"string","id":10}}},"Fact":{"oneofs":{"body":{"oneof":["nodeJoined","nodeLeft","nodeSuspected","nodeLost","nodeFenced","nodeStandby","nodeOnline","nodeMaintenance","nodeRejoined","membershipViewChanged","quorumGained","quorumLost","dcElected","dcResigned","nodeDefined","nodeChanged","nodeRemoved","resourceDefined","resourceChanged","resourceRemoved","groupDefined","groupChanged","groupRemoved","constraintDefined","constraintChanged","constraintRemoved","containerDefined","containerChanged","containerRemoved","fenceDeviceDefined","fenceDeviceChanged","fenceDeviceRemoved","fenceLevelDefined","fenceLevelRemoved","clusterOptionsDefined","clusterOptionsChanged","clusterOptionsRemoved","resourceOperationRequested","resourceOperationSucceeded","resourceOperationFailed","failCountReset","containerCreated","containerOwnerChanged","volumeCreated","volumeDeleted","volumeResized","containerActivated","containerDeactivated","containerIoFenced","containerIoResumed","containerDeleted","fenceRequested","fenceSucceeded","fenceFailed","transitionPlanned","transitionActionCompleted","transitionAborted","transitionCompleted","deadlineExpired"]}},"fields":{"nodeJoined":{"type":"NodeJoined","id":10},"nodeLeft":{"type":"NodeLeft","id":11},"nodeSuspected":{"type":"NodeSuspected","id":12},"nodeLost":{"type":"NodeLost","id":13},"nodeFenced":{"type":"NodeFenced","id":14},"nodeStandby":{"type":"NodeStandby","id":15},"nodeOnline":{"type":"NodeOnline","id":16},"nodeMaintenance":{"type":"NodeMaintenance","id":17},"nodeRejoined":{"type":"NodeRejoined","id":18},"membershipViewChanged":{"type":"MembershipViewChanged","id":30},"quorumGained":{"type":"QuorumGained","id":31},"quorumLost":{"type":"QuorumLost","id":32},"dcElected":{"type":"DcElected","id":33},"dcResigned":{"type":"DcResigned","id":34},"nodeDefined":{"type":"NodeDefined","id":40},"nodeChanged":{"type":"NodeChanged","id":41},"nodeRemoved":{"type":"NodeRemoved","id":42},"resourceDefined":{"type":"ResourceDefined","id":43},"resourceChanged":{"type":"ResourceChanged","id":44},"resourceRemoved":{"type":"ResourceRemoved","id":45},"groupDefined":{"type":"GroupDefined","id":46},"groupChanged":{"type":"GroupChanged","id":47},"groupRemoved":{"type":"GroupRemoved","id":48},"constraintDefined":{"type":"ConstraintDefined","id":49},"constraintChanged":{"type":"ConstraintChanged","id":50},"constraintRemoved":{"type":"ConstraintRemoved","id":51},"containerDefined":{"type":"ContainerDefined","id":52},"containerChanged":{"type":"ContainerChanged","id":53},"containerRemoved":{"type":"ContainerRemoved","id":54},"fenceDeviceDefined":{"type":"FenceDeviceDefined","id":55},"fenceDeviceChanged":{"type":"FenceDeviceChanged","id":56},"fenceDeviceRemoved":{"type":"FenceDeviceRemoved","id":57},"fenceLevelDefined":{"type":"FenceLevelDefined","id":58},"fenceLevelRemoved":{"type":"FenceLevelRemoved","id":59},"clusterOptionsDefined":{"type":"ClusterOptionsDefined","id":60},"clusterOptionsChanged":{"type":"ClusterOptionsChanged","id":61},"clusterOptionsRemoved":{"type":"ClusterOptionsRemoved","id":62},"resourceOperationRequested":{"type":"ResourceOperationRequested","id":80},"resourceOperationSucceeded":{"type":"ResourceOperationSucceeded","id":81},"resourceOperationFailed":{"type":"ResourceOperationFailed","id":82},"failCountReset":{"type":"FailCountReset","id":83},"containerCreated":{"type":"ContainerCreated","id":90},"containerOwnerChanged":{"type":"ContainerOwnerChanged","id":91},"volumeCreated":{"type":"VolumeCreated","id":92},"volumeDeleted":{"type":"VolumeDeleted","id":93},"volumeResized":{"type":"VolumeResized","id":94},"containerActivated":{"type":"ContainerActivated","id":95},"containerDeactivated":{"type":"ContainerDeactivated","id":96},"containerIoFenced":{"type":"ContainerIoFenced","id":97},"containerIoResumed":{"type":"ContainerIoResumed","id":98},"containerDeleted":{"type":"ContainerDeleted","id":99},"fenceRequested":{"type":"FenceRequested","id":110},"fenceSucceeded":{"type":"FenceSucceeded","id":111},"fenceFailed":{"type":"FenceFailed","id":112},"transitionPlanned":{"type":"TransitionPlanned","id":120},"transitionActionCompleted":{"type":"TransitionActionCompleted","id":121},"transitionAborted":{"type":"TransitionAborted","id":122},"transitionCompleted":{"type":"TransitionCompleted","id":123},"deadlineExpired":{"type":"DeadlineExpired","id":130}}},"NodeJoined":{"fields":{"node":{"type":"string","id":1},"incarnation":{"type":"string","id":2},"address":{"type":"string","id":3}}},"NodeLeft":{"fields":{"node":{"type":"string","id":1},"reason":{"type":"string","id":2}}},"NodeSuspected":{"fields":{"node":{"type":"string","id":1},"lastHeardAt":{"type":"int64","id":2},"silentMs":{"type":"uint32","id":3}}},"NodeLost":{"fields":{"node":{"type":"string","id":1},"viewId":{"type":"uint64","id":2},"reason":{"type":"string","id":3}}},"NodeFenced":{"fields":{"node":{"type":"string","id":1},"method":{"type":"string","id":2},"requestId":{"type":"string","id":3},"device":{"type":"string","id":4}}},"NodeStandby":{"fields":{"node":{"type":"string","id":1},"reason":{"type":"string","id":2}}},"NodeOnline":{"fields":{"node":{"type":"string","id":1}}},"NodeMaintenance":{"fields":{"node":{"type":"string","id":1},"on":{"type":"bool","id":2}}},"NodeRejoined":{"fields":{"node":{"type":"string","id":1},"incarnation":{"type":"string","id":2}}},"MembershipViewChanged":{"fields":{"viewId":{"type":"uint64","id":1},"members":{"rule":"repeated","type":"string","id":2},"lost":{"rule":"repeated","type":"string","id":3},"votes":{"type":"uint32","id":4},"expectedVotes":{"type":"uint32","id":5}}},"QuorumGained":{"fields":{"viewId":{"type":"uint64","id":1},"votes":{"type":"uint32","id":2},"expectedVotes":{"type":"uint32","id":3}}},"QuorumLost":{"fields":{"viewId":{"type":"uint64","id":1},"votes":{"type":"uint32","id":2},"expectedVotes":{"type":"uint32","id":3}}},"DcElected":{"fields":{"node":{"type":"string","id":1},"previousTerm":{"type":"uint64","id":2},"previousDc":{"type":"string","id":3},"viewId":{"type":"uint64","id":4},"votes":{"type":"uint32","id":5},"expectedVotes":{"type":"uint32","id":6},"heard":{"rule":"repeated","type":"string","id":7},"twoNode":{"type":"bool","id":8}}},"DcResigned":{"fields":{"node":{"type":"string","id":1},"reason":{"type":"string","id":2}}},"NodeConfig":{"fields":{"node":{"type":"string","id":1},"votes":{"type":"uint32","id":2},"attributes":{"keyType":"string","type":"string","id":3}}},"NodeDefined":{"fields":{"config":{"type":"NodeConfig","id":1}}},"NodeChanged":{"fields":{"config":{"type":"NodeConfig","id":1}}},"NodeRemoved":{"fields":{"node":{"type":"string","id":1}}},"Operation":{"fields":{"name":{"type":"string","id":1},"intervalMs":{"type":"uint32","id":2},"timeoutMs":{"type":"uint32","id":3},"onFail":{"type":"string","id":4},"role":{"type":"string","id":5}}},"ResourceConfig":{"fields":{"id":{"type":"string","id":1},"agent":{"type":"string","id":2},"params":{"keyType":"string","type":"string","id":3},"meta":{"keyType":"string","type":"string","id":4},"operations":{"rule":"repeated","type":"Operation","id":5},"failoverDomain":{"rule":"repeated","type":"string","id":6},"container":{"type":"string","id":7}}},"ResourceDefined":{"fields":{"config":{"type":"ResourceConfig","id":1}}},"ResourceChanged":{"fields":{"config":{"type":"ResourceConfig","id":1}}},"ResourceRemoved":{"fields":{"id":{"type":"string","id":1}}},"GroupConfig":{"fields":{"id":{"type":"string","id":1},"members":{"rule":"repeated","type":"string","id":2},"meta":{"keyType":"string","type":"string","id":3},"failoverDomain":{"rule":"repeated","type":"string","id":4}}},"GroupDefined":{"fields":{"config":{"type":"GroupConfig","id":1}}},"GroupChanged":{"fields":{"config":{"type":"GroupConfig","id":1}}},"GroupRemoved":{"fields":{"id":{"type":"string","id":1}}},"LocationConstraint":{"fields":{"resource":{"type":"string","id":1},"node":{"type":"string","id":2},"score":{"type":"sint32","id":3}}},"ColocationConstraint":{"fields":{"resource":{"type":"string","id":1},"with":{"type":"string","id":2},"score":{"type":"sint32","id":3}}},"OrderConstraint":{"fields":{"first":{"type":"string","id":1},"then":{"type":"string","id":2},"kind":{"type":"string","id":3},"symmetrical":{"type":"bool","id":4},"firstAction":{"type":"string","id":5},"thenAction":{"type":"string","id":6}}},"ConstraintConfig":{"oneofs":{"rule":{"oneof":["location","colocation","order"]}},"fields":{"id":{"type":"string","id":1},"location":{"type":"LocationConstraint","id":2},"colocation":{"type":"ColocationConstraint","id":3},"order":{"type":"OrderConstraint","id":4}}},"ConstraintDefined":{"fields":{"config":{"type":"ConstraintConfig","id":1}}},"ConstraintChanged":{"fields":{"config":{"type":"ConstraintConfig","id":1}}},"ConstraintRemoved":{"fields":{"id":{"type":"string","id":1}}},"ContainerConfig":{"fields":{"id":{"type":"string","id":1},"name":{"type":"string","id":2},"type":{"type":"string","id":3},"disks":{"rule":"repeated","type":"string","id":4},"owner":{"type":"string","id":5},"extentSizeKib":{"type":"uint32","id":6},"meta":{"keyType":"string","type":"string","id":7}}},"ContainerDefined":{"fields":{"config":{"type":"ContainerConfig","id":1}}},"ContainerChanged":{"fields":{"config":{"type":"ContainerConfig","id":1}}},"ContainerRemoved":{"fields":{"id":{"type":"string","id":1}}},"FenceDeviceConfig":{"fields":{"id":{"type":"string","id":1},"agent":{"type":"string","id":2},"params":{"keyType":"string","type":"string","id":3},"targets":{"rule":"repeated","type":"string","id":4},"hostMap":{"keyType":"string","type":"string","id":5},"meta":{"keyType":"string","type":"string","id":6}}},"FenceDeviceDefined":{"fields":{"config":{"type":"FenceDeviceConfig","id":1}}},"FenceDeviceChanged":{"fields":{"config":{"type":"FenceDeviceConfig","id":1}}},"FenceDeviceRemoved":{"fields":{"id":{"type":"string","id":1}}},"FenceLevelConfig":{"fields":{"target":{"type":"string","id":1},"index":{"type":"uint32","id":2},"devices":{"rule":"repeated","type":"string","id":3}}},"FenceLevelDefined":{"fields":{"config":{"type":"FenceLevelConfig","id":1}}},"FenceLevelRemoved":{"fields":{"target":{"type":"string","id":1},"index":{"type":"uint32","id":2}}},"ClusterOptionsDefined":{"fields":{"options":{"keyType":"string","type":"string","id":1}}},"ClusterOptionsChanged":{"fields":{"options":{"keyType":"string","type":"string","id":1}}},"ClusterOptionsRemoved":{"fields":{"names":{"rule":"repeated","type":"string","id":1}}},"ResourceOperationRequested":{"fields":{"resource":{"type":"string","id":1},"node":{"type":"string","id":2},"operation":{"type":"string","id":3},"opId":{"type":"string","id":4},"intervalMs":{"type":"uint32","id":5},"timeoutMs":{"type":"uint32","id":6},"transitionId":{"type":"string","id":7},"actionId":{"type":"string","id":8}}},"ResourceOperationSucceeded":{"fields":{"resource":{"type":"string","id":1},"node":{"type":"string","id":2},"operation":{"type":"string","id":3},"opId":{"type":"string","id":4},"rc":{"type":"sint32","id":5},"durationMs":{"type":"uint32","id":6},"output":{"type":"string","id":7}}},"ResourceOperationFailed":{"fields":{"resource":{"type":"string","id":1},"node":{"type":"string","id":2},"operation":{"type":"string","id":3},"opId":{"type":"string","id":4},"rc":{"type":"sint32","id":5},"reason":{"type":"string","id":6},"durationMs":{"type":"uint32","id":7},"timedOut":{"type":"bool","id":8},"recovery":{"type":"string","id":9}}},"FailCountReset":{"fields":{"resource":{"type":"string","id":1},"node":{"type":"string","id":2},"reason":{"type":"string","id":3}}},"Extent":{"fields":{"disk":{"type":"uint32","id":1},"start":{"type":"uint64","id":2},"count":{"type":"uint64","id":3}}},"ContainerCreated":{"fields":{"container":{"type":"string","id":1},"containerType":{"type":"string","id":2},"disks":{"rule":"repeated","type":"string","id":3},"extentSizeKib":{"type":"uint32","id":4},"extents":{"type":"uint64","id":5},"owner":{"type":"string","id":6},"epoch":{"type":"uint64","id":7},"diskExtents":{"rule":"repeated","type":"uint64","id":8}}},"ContainerOwnerChanged":{"fields":{"container":{"type":"string","id":1},"previousOwner":{"type":"string","id":2},"owner":{"type":"string","id":3},"reason":{"type":"string","id":4},"previousEpoch":{"type":"uint64","id":5},"fenceRequestId":{"type":"string","id":6}}},"VolumeCreated":{"fields":{"container":{"type":"string","id":1},"volume":{"type":"string","id":2},"sizeBytes":{"type":"uint64","id":3},"extents":{"rule":"repeated","type":"Extent","id":4}}},"VolumeDeleted":{"fields":{"container":{"type":"string","id":1},"volume":{"type":"string","id":2}}},"VolumeResized":{"fields":{"container":{"type":"string","id":1},"volume":{"type":"string","id":2},"sizeBytes":{"type":"uint64","id":3},"extents":{"rule":"repeated","type":"Extent","id":4}}},"ContainerActivated":{"fields":{"container":{"type":"string","id":1},"node":{"type":"string","id":2},"epoch":{"type":"uint64","id":3}}},"ContainerDeactivated":{"fields":{"container":{"type":"string","id":1},"node":{"type":"string","id":2},"reason":{"type":"string","id":3}}},"ContainerIoFenced":{"fields":{"container":{"type":"string","id":1},"node":{"type":"string","id":2},"reason":{"type":"string","id":3}}},"ContainerIoResumed":{"fields":{"container":{"type":"string","id":1},"node":{"type":"string","id":2}}},"ContainerDeleted":{"fields":{"container":{"type":"string","id":1}}},"FenceRequested":{"fields":{"target":{"type":"string","id":1},"action":{"type":"string","id":2},"requestId":{"type":"string","id":3},"reason":{"type":"string","id":4},"requestedBy":{"type":"string","id":5},"executor":{"type":"string","id":6}}},"FenceSucceeded":{"fields":{"target":{"type":"string","id":1},"action":{"type":"string","id":2},"requestId":{"type":"string","id":3},"level":{"type":"uint32","id":4},"devices":{"rule":"repeated","type":"string","id":5},"durationMs":{"type":"uint32","id":6}}},"FenceFailed":{"fields":{"target":{"type":"string","id":1},"action":{"type":"string","id":2},"requestId":{"type":"string","id":3},"level":{"type":"uint32","id":4},"devices":{"rule":"repeated","type":"string","id":5},"reason":{"type":"string","id":6},"durationMs":{"type":"uint32","id":7},"final":{"type":"bool","id":8}}},"TransitionAction":{"fields":{"id":{"type":"string","id":1},"kind":{"type":"string","id":2},"resource":{"type":"string","id":3},"node":{"type":"string","id":4},"target":{"type":"string","id":5},"dependsOn":{"rule":"repeated","type":"string","id":6},"reason":{"type":"string","id":7}}},"TransitionPlanned":{"fields":{"transitionId":{"type":"string","id":1},"position":{"type":"uint64","id":2},"stateDigest":{"type":"string","id":3},"actions":{"rule":"repeated","type":"TransitionAction","id":4},"summary":{"type":"string","id":5}}},"TransitionActionCompleted":{"fields":{"transitionId":{"type":"string","id":1},"actionId":{"type":"string","id":2},"ok":{"type":"bool","id":3},"rc":{"type":"sint32","id":4},"reason":{"type":"string","id":5}}},"TransitionAborted":{"fields":{"transitionId":{"type":"string","id":1},"reason":{"type":"string","id":2},"position":{"type":"uint64","id":3}}},"TransitionCompleted":{"fields":{"transitionId":{"type":"string","id":1}}},"DeadlineExpired":{"fields":{"entity":{"type":"string","id":1},"deadline":{"type":"string","id":2},"dueAt":{"type":"int64","id":3}}},"Heartbeat":{"fields":{"node":{"type":"string","id":1},"incarnation":{"type":"string","id":2},"counter":{"type":"uint64","id":3},"sentAt":{"type":"int64","id":4},"position":{"type":"uint64","id":5},"dcTerm":{"type":"uint64","id":6},"quorate":{"type":"bool","id":7},"leaving":{"type":"bool","id":8},"admitted":{"type":"bool","id":9},"retired":{"type":"string","id":10}}},"NodeStateReply":{"fields":{"node":{"type":"string","id":1},"incarnation":{"type":"string","id":2},"position":{"type":"uint64","id":3},"digest":{"type":"string","id":4},"at":{"type":"int64","id":5},"entities":{"rule":"repeated","type":"EntityDigest","id":6}}},"EntityDigest":{"fields":{"key":{"type":"string","id":1},"digest":{"type":"string","id":2}}},"AdminRequest":{"fields":{"requestId":{"type":"string","id":1},"verb":{"type":"string","id":2},"args":{"keyType":"string","type":"string","id":3},"user":{"type":"string","id":4},"payload":{"type":"bytes","id":5},"hops":{"type":"uint32","id":6}}},"AdminReply":{"fields":{"requestId":{"type":"string","id":1},"ok":{"type":"bool","id":2},"code":{"type":"string","id":3},"message":{"type":"string","id":4},"resultJson":{"type":"string","id":5},"position":{"type":"uint64","id":6},"answeredBy":{"type":"string","id":7}}}}}}}}} as const;

/** quorate.v1.Envelope */
export interface Envelope {
  eventId: string;
  commandId: string;
  cluster: string;
  origin: string;
  occurredAt: number;
  schema: number;
  term: number;
  crc32c: number;
  body: Uint8Array;
  entity: string;
}

/** quorate.v1.NodeJoined */
export interface NodeJoined {
  node: string;
  incarnation: string;
  address: string;
}

/** quorate.v1.NodeLeft */
export interface NodeLeft {
  node: string;
  reason: string;
}

/** quorate.v1.NodeSuspected */
export interface NodeSuspected {
  node: string;
  lastHeardAt: number;
  silentMs: number;
}

/** quorate.v1.NodeLost */
export interface NodeLost {
  node: string;
  viewId: number;
  reason: string;
}

/** quorate.v1.NodeFenced */
export interface NodeFenced {
  node: string;
  method: string;
  requestId: string;
  device: string;
}

/** quorate.v1.NodeStandby */
export interface NodeStandby {
  node: string;
  reason: string;
}

/** quorate.v1.NodeOnline */
export interface NodeOnline {
  node: string;
}

/** quorate.v1.NodeMaintenance */
export interface NodeMaintenance {
  node: string;
  on: boolean;
}

/** quorate.v1.NodeRejoined */
export interface NodeRejoined {
  node: string;
  incarnation: string;
}

/** quorate.v1.MembershipViewChanged */
export interface MembershipViewChanged {
  viewId: number;
  members: string[];
  lost: string[];
  votes: number;
  expectedVotes: number;
}

/** quorate.v1.QuorumGained */
export interface QuorumGained {
  viewId: number;
  votes: number;
  expectedVotes: number;
}

/** quorate.v1.QuorumLost */
export interface QuorumLost {
  viewId: number;
  votes: number;
  expectedVotes: number;
}

/** quorate.v1.DcElected */
export interface DcElected {
  node: string;
  previousTerm: number;
  previousDc: string;
  viewId: number;
  votes: number;
  expectedVotes: number;
  heard: string[];
  twoNode: boolean;
}

/** quorate.v1.DcResigned */
export interface DcResigned {
  node: string;
  reason: string;
}

/** quorate.v1.NodeConfig */
export interface NodeConfig {
  node: string;
  votes: number;
  attributes: Record<string, string>;
}

/** quorate.v1.NodeDefined */
export interface NodeDefined {
  config?: NodeConfig;
}

/** quorate.v1.NodeChanged */
export interface NodeChanged {
  config?: NodeConfig;
}

/** quorate.v1.NodeRemoved */
export interface NodeRemoved {
  node: string;
}

/** quorate.v1.Operation */
export interface Operation {
  name: string;
  intervalMs: number;
  timeoutMs: number;
  onFail: string;
  role: string;
}

/** quorate.v1.ResourceConfig */
export interface ResourceConfig {
  id: string;
  agent: string;
  params: Record<string, string>;
  meta: Record<string, string>;
  operations: Operation[];
  failoverDomain: string[];
  container: string;
}

/** quorate.v1.ResourceDefined */
export interface ResourceDefined {
  config?: ResourceConfig;
}

/** quorate.v1.ResourceChanged */
export interface ResourceChanged {
  config?: ResourceConfig;
}

/** quorate.v1.ResourceRemoved */
export interface ResourceRemoved {
  id: string;
}

/** quorate.v1.GroupConfig */
export interface GroupConfig {
  id: string;
  members: string[];
  meta: Record<string, string>;
  failoverDomain: string[];
}

/** quorate.v1.GroupDefined */
export interface GroupDefined {
  config?: GroupConfig;
}

/** quorate.v1.GroupChanged */
export interface GroupChanged {
  config?: GroupConfig;
}

/** quorate.v1.GroupRemoved */
export interface GroupRemoved {
  id: string;
}

/** quorate.v1.LocationConstraint */
export interface LocationConstraint {
  resource: string;
  node: string;
  score: number;
}

/** quorate.v1.ColocationConstraint */
export interface ColocationConstraint {
  resource: string;
  with: string;
  score: number;
}

/** quorate.v1.OrderConstraint */
export interface OrderConstraint {
  first: string;
  then: string;
  kind: string;
  symmetrical: boolean;
  firstAction: string;
  thenAction: string;
}

/** quorate.v1.ConstraintConfig */
export interface ConstraintConfig {
  rule?: 'location' | 'colocation' | 'order';
  id: string;
  location?: LocationConstraint;
  colocation?: ColocationConstraint;
  order?: OrderConstraint;
}

/** quorate.v1.ConstraintDefined */
export interface ConstraintDefined {
  config?: ConstraintConfig;
}

/** quorate.v1.ConstraintChanged */
export interface ConstraintChanged {
  config?: ConstraintConfig;
}

/** quorate.v1.ConstraintRemoved */
export interface ConstraintRemoved {
  id: string;
}

/** quorate.v1.ContainerConfig */
export interface ContainerConfig {
  id: string;
  name: string;
  type: string;
  disks: string[];
  owner: string;
  extentSizeKib: number;
  meta: Record<string, string>;
}

/** quorate.v1.ContainerDefined */
export interface ContainerDefined {
  config?: ContainerConfig;
}

/** quorate.v1.ContainerChanged */
export interface ContainerChanged {
  config?: ContainerConfig;
}

/** quorate.v1.ContainerRemoved */
export interface ContainerRemoved {
  id: string;
}

/** quorate.v1.FenceDeviceConfig */
export interface FenceDeviceConfig {
  id: string;
  agent: string;
  params: Record<string, string>;
  targets: string[];
  hostMap: Record<string, string>;
  meta: Record<string, string>;
}

/** quorate.v1.FenceDeviceDefined */
export interface FenceDeviceDefined {
  config?: FenceDeviceConfig;
}

/** quorate.v1.FenceDeviceChanged */
export interface FenceDeviceChanged {
  config?: FenceDeviceConfig;
}

/** quorate.v1.FenceDeviceRemoved */
export interface FenceDeviceRemoved {
  id: string;
}

/** quorate.v1.FenceLevelConfig */
export interface FenceLevelConfig {
  target: string;
  index: number;
  devices: string[];
}

/** quorate.v1.FenceLevelDefined */
export interface FenceLevelDefined {
  config?: FenceLevelConfig;
}

/** quorate.v1.FenceLevelRemoved */
export interface FenceLevelRemoved {
  target: string;
  index: number;
}

/** quorate.v1.ClusterOptionsDefined */
export interface ClusterOptionsDefined {
  options: Record<string, string>;
}

/** quorate.v1.ClusterOptionsChanged */
export interface ClusterOptionsChanged {
  options: Record<string, string>;
}

/** quorate.v1.ClusterOptionsRemoved */
export interface ClusterOptionsRemoved {
  names: string[];
}

/** quorate.v1.ResourceOperationRequested */
export interface ResourceOperationRequested {
  resource: string;
  node: string;
  operation: string;
  opId: string;
  intervalMs: number;
  timeoutMs: number;
  transitionId: string;
  actionId: string;
}

/** quorate.v1.ResourceOperationSucceeded */
export interface ResourceOperationSucceeded {
  resource: string;
  node: string;
  operation: string;
  opId: string;
  rc: number;
  durationMs: number;
  output: string;
}

/** quorate.v1.ResourceOperationFailed */
export interface ResourceOperationFailed {
  resource: string;
  node: string;
  operation: string;
  opId: string;
  rc: number;
  reason: string;
  durationMs: number;
  timedOut: boolean;
  recovery: string;
}

/** quorate.v1.FailCountReset */
export interface FailCountReset {
  resource: string;
  node: string;
  reason: string;
}

/** quorate.v1.Extent */
export interface Extent {
  disk: number;
  start: number;
  count: number;
}

/** quorate.v1.ContainerCreated */
export interface ContainerCreated {
  container: string;
  containerType: string;
  disks: string[];
  extentSizeKib: number;
  extents: number;
  owner: string;
  epoch: number;
  diskExtents: number[];
}

/** quorate.v1.ContainerOwnerChanged */
export interface ContainerOwnerChanged {
  container: string;
  previousOwner: string;
  owner: string;
  reason: string;
  previousEpoch: number;
  fenceRequestId: string;
}

/** quorate.v1.VolumeCreated */
export interface VolumeCreated {
  container: string;
  volume: string;
  sizeBytes: number;
  extents: Extent[];
}

/** quorate.v1.VolumeDeleted */
export interface VolumeDeleted {
  container: string;
  volume: string;
}

/** quorate.v1.VolumeResized */
export interface VolumeResized {
  container: string;
  volume: string;
  sizeBytes: number;
  extents: Extent[];
}

/** quorate.v1.ContainerActivated */
export interface ContainerActivated {
  container: string;
  node: string;
  epoch: number;
}

/** quorate.v1.ContainerDeactivated */
export interface ContainerDeactivated {
  container: string;
  node: string;
  reason: string;
}

/** quorate.v1.ContainerIoFenced */
export interface ContainerIoFenced {
  container: string;
  node: string;
  reason: string;
}

/** quorate.v1.ContainerIoResumed */
export interface ContainerIoResumed {
  container: string;
  node: string;
}

/** quorate.v1.ContainerDeleted */
export interface ContainerDeleted {
  container: string;
}

/** quorate.v1.FenceRequested */
export interface FenceRequested {
  target: string;
  action: string;
  requestId: string;
  reason: string;
  requestedBy: string;
  executor: string;
}

/** quorate.v1.FenceSucceeded */
export interface FenceSucceeded {
  target: string;
  action: string;
  requestId: string;
  level: number;
  devices: string[];
  durationMs: number;
}

/** quorate.v1.FenceFailed */
export interface FenceFailed {
  target: string;
  action: string;
  requestId: string;
  level: number;
  devices: string[];
  reason: string;
  durationMs: number;
  final: boolean;
}

/** quorate.v1.TransitionAction */
export interface TransitionAction {
  id: string;
  kind: string;
  resource: string;
  node: string;
  target: string;
  dependsOn: string[];
  reason: string;
}

/** quorate.v1.TransitionPlanned */
export interface TransitionPlanned {
  transitionId: string;
  position: number;
  stateDigest: string;
  actions: TransitionAction[];
  summary: string;
}

/** quorate.v1.TransitionActionCompleted */
export interface TransitionActionCompleted {
  transitionId: string;
  actionId: string;
  ok: boolean;
  rc: number;
  reason: string;
}

/** quorate.v1.TransitionAborted */
export interface TransitionAborted {
  transitionId: string;
  reason: string;
  position: number;
}

/** quorate.v1.TransitionCompleted */
export interface TransitionCompleted {
  transitionId: string;
}

/** quorate.v1.DeadlineExpired */
export interface DeadlineExpired {
  entity: string;
  deadline: string;
  dueAt: number;
}

/** quorate.v1.Heartbeat */
export interface Heartbeat {
  node: string;
  incarnation: string;
  counter: number;
  sentAt: number;
  position: number;
  dcTerm: number;
  quorate: boolean;
  leaving: boolean;
  admitted: boolean;
  retired: string;
}

/** quorate.v1.NodeStateReply */
export interface NodeStateReply {
  node: string;
  incarnation: string;
  position: number;
  digest: string;
  at: number;
  entities: EntityDigest[];
}

/** quorate.v1.EntityDigest */
export interface EntityDigest {
  key: string;
  digest: string;
}

/** quorate.v1.AdminRequest */
export interface AdminRequest {
  requestId: string;
  verb: string;
  args: Record<string, string>;
  user: string;
  payload: Uint8Array;
  hops: number;
}

/** quorate.v1.AdminReply */
export interface AdminReply {
  requestId: string;
  ok: boolean;
  code: string;
  message: string;
  resultJson: string;
  position: number;
  answeredBy: string;
}

/** Every fact type, in field-number order. */
export const FACT_TYPES = ['NodeJoined', 'NodeLeft', 'NodeSuspected', 'NodeLost', 'NodeFenced', 'NodeStandby', 'NodeOnline', 'NodeMaintenance', 'NodeRejoined', 'MembershipViewChanged', 'QuorumGained', 'QuorumLost', 'DcElected', 'DcResigned', 'NodeDefined', 'NodeChanged', 'NodeRemoved', 'ResourceDefined', 'ResourceChanged', 'ResourceRemoved', 'GroupDefined', 'GroupChanged', 'GroupRemoved', 'ConstraintDefined', 'ConstraintChanged', 'ConstraintRemoved', 'ContainerDefined', 'ContainerChanged', 'ContainerRemoved', 'FenceDeviceDefined', 'FenceDeviceChanged', 'FenceDeviceRemoved', 'FenceLevelDefined', 'FenceLevelRemoved', 'ClusterOptionsDefined', 'ClusterOptionsChanged', 'ClusterOptionsRemoved', 'ResourceOperationRequested', 'ResourceOperationSucceeded', 'ResourceOperationFailed', 'FailCountReset', 'ContainerCreated', 'ContainerOwnerChanged', 'VolumeCreated', 'VolumeDeleted', 'VolumeResized', 'ContainerActivated', 'ContainerDeactivated', 'ContainerIoFenced', 'ContainerIoResumed', 'ContainerDeleted', 'FenceRequested', 'FenceSucceeded', 'FenceFailed', 'TransitionPlanned', 'TransitionActionCompleted', 'TransitionAborted', 'TransitionCompleted', 'DeadlineExpired'] as const;
export type FactType = (typeof FACT_TYPES)[number];

/** The body message of each fact type. */
export interface FactBodies {
  NodeJoined: NodeJoined;
  NodeLeft: NodeLeft;
  NodeSuspected: NodeSuspected;
  NodeLost: NodeLost;
  NodeFenced: NodeFenced;
  NodeStandby: NodeStandby;
  NodeOnline: NodeOnline;
  NodeMaintenance: NodeMaintenance;
  NodeRejoined: NodeRejoined;
  MembershipViewChanged: MembershipViewChanged;
  QuorumGained: QuorumGained;
  QuorumLost: QuorumLost;
  DcElected: DcElected;
  DcResigned: DcResigned;
  NodeDefined: NodeDefined;
  NodeChanged: NodeChanged;
  NodeRemoved: NodeRemoved;
  ResourceDefined: ResourceDefined;
  ResourceChanged: ResourceChanged;
  ResourceRemoved: ResourceRemoved;
  GroupDefined: GroupDefined;
  GroupChanged: GroupChanged;
  GroupRemoved: GroupRemoved;
  ConstraintDefined: ConstraintDefined;
  ConstraintChanged: ConstraintChanged;
  ConstraintRemoved: ConstraintRemoved;
  ContainerDefined: ContainerDefined;
  ContainerChanged: ContainerChanged;
  ContainerRemoved: ContainerRemoved;
  FenceDeviceDefined: FenceDeviceDefined;
  FenceDeviceChanged: FenceDeviceChanged;
  FenceDeviceRemoved: FenceDeviceRemoved;
  FenceLevelDefined: FenceLevelDefined;
  FenceLevelRemoved: FenceLevelRemoved;
  ClusterOptionsDefined: ClusterOptionsDefined;
  ClusterOptionsChanged: ClusterOptionsChanged;
  ClusterOptionsRemoved: ClusterOptionsRemoved;
  ResourceOperationRequested: ResourceOperationRequested;
  ResourceOperationSucceeded: ResourceOperationSucceeded;
  ResourceOperationFailed: ResourceOperationFailed;
  FailCountReset: FailCountReset;
  ContainerCreated: ContainerCreated;
  ContainerOwnerChanged: ContainerOwnerChanged;
  VolumeCreated: VolumeCreated;
  VolumeDeleted: VolumeDeleted;
  VolumeResized: VolumeResized;
  ContainerActivated: ContainerActivated;
  ContainerDeactivated: ContainerDeactivated;
  ContainerIoFenced: ContainerIoFenced;
  ContainerIoResumed: ContainerIoResumed;
  ContainerDeleted: ContainerDeleted;
  FenceRequested: FenceRequested;
  FenceSucceeded: FenceSucceeded;
  FenceFailed: FenceFailed;
  TransitionPlanned: TransitionPlanned;
  TransitionActionCompleted: TransitionActionCompleted;
  TransitionAborted: TransitionAborted;
  TransitionCompleted: TransitionCompleted;
  DeadlineExpired: DeadlineExpired;
}

/** A fact: its type name beside the fields of its message. */
export type Fact = { [K in FactType]: { type: K } & FactBodies[K] }[FactType];
/** A fact of one type. */
export type FactOf<K extends FactType> = { type: K } & FactBodies[K];

/** The `Fact.body` oneof field (camelCase) that carries each type. */
export const FACT_FIELD: { readonly [K in FactType]: string } = {
  NodeJoined: 'nodeJoined',
  NodeLeft: 'nodeLeft',
  NodeSuspected: 'nodeSuspected',
  NodeLost: 'nodeLost',
  NodeFenced: 'nodeFenced',
  NodeStandby: 'nodeStandby',
  NodeOnline: 'nodeOnline',
  NodeMaintenance: 'nodeMaintenance',
  NodeRejoined: 'nodeRejoined',
  MembershipViewChanged: 'membershipViewChanged',
  QuorumGained: 'quorumGained',
  QuorumLost: 'quorumLost',
  DcElected: 'dcElected',
  DcResigned: 'dcResigned',
  NodeDefined: 'nodeDefined',
  NodeChanged: 'nodeChanged',
  NodeRemoved: 'nodeRemoved',
  ResourceDefined: 'resourceDefined',
  ResourceChanged: 'resourceChanged',
  ResourceRemoved: 'resourceRemoved',
  GroupDefined: 'groupDefined',
  GroupChanged: 'groupChanged',
  GroupRemoved: 'groupRemoved',
  ConstraintDefined: 'constraintDefined',
  ConstraintChanged: 'constraintChanged',
  ConstraintRemoved: 'constraintRemoved',
  ContainerDefined: 'containerDefined',
  ContainerChanged: 'containerChanged',
  ContainerRemoved: 'containerRemoved',
  FenceDeviceDefined: 'fenceDeviceDefined',
  FenceDeviceChanged: 'fenceDeviceChanged',
  FenceDeviceRemoved: 'fenceDeviceRemoved',
  FenceLevelDefined: 'fenceLevelDefined',
  FenceLevelRemoved: 'fenceLevelRemoved',
  ClusterOptionsDefined: 'clusterOptionsDefined',
  ClusterOptionsChanged: 'clusterOptionsChanged',
  ClusterOptionsRemoved: 'clusterOptionsRemoved',
  ResourceOperationRequested: 'resourceOperationRequested',
  ResourceOperationSucceeded: 'resourceOperationSucceeded',
  ResourceOperationFailed: 'resourceOperationFailed',
  FailCountReset: 'failCountReset',
  ContainerCreated: 'containerCreated',
  ContainerOwnerChanged: 'containerOwnerChanged',
  VolumeCreated: 'volumeCreated',
  VolumeDeleted: 'volumeDeleted',
  VolumeResized: 'volumeResized',
  ContainerActivated: 'containerActivated',
  ContainerDeactivated: 'containerDeactivated',
  ContainerIoFenced: 'containerIoFenced',
  ContainerIoResumed: 'containerIoResumed',
  ContainerDeleted: 'containerDeleted',
  FenceRequested: 'fenceRequested',
  FenceSucceeded: 'fenceSucceeded',
  FenceFailed: 'fenceFailed',
  TransitionPlanned: 'transitionPlanned',
  TransitionActionCompleted: 'transitionActionCompleted',
  TransitionAborted: 'transitionAborted',
  TransitionCompleted: 'transitionCompleted',
  DeadlineExpired: 'deadlineExpired',
};
