/**
Private connectivity decisions: which plans offer it, what an endpoint id looks like per cloud, and the
exact cloud-CLI commands to create the endpoint. Pure. See shared/reference/cloud-api.md §2.9–2.10.
*/
import {shellQuote} from './launch-plan.js';

/** Whether a plan offers private endpoints (Basic does not for new connections). */
export function offersPrivateConnectivity(plan: string): boolean {
	return plan === 'STANDARD' || plan === 'ADVANCED';
}

/** Whether a cluster offers GCP VPC peering (Advanced on GCP only). */
export function offersVpcPeering(cluster: {plan: string; cloud: string} | undefined): boolean {
	return cluster?.plan === 'ADVANCED' && cluster.cloud === 'GCP';
}

/** What the cloud calls its private endpoint. */
export function privateEndpointKind(cloud: string): string {
	return cloud === 'AWS' ? 'AWS PrivateLink' : cloud === 'GCP' ? 'GCP Private Service Connect' : 'Azure Private Link';
}

/** Why an endpoint id has the wrong shape for the cloud, or undefined. */
export function endpointIdProblem(cloud: string, id: string): string | undefined {
	const value = id.trim();
	if (cloud === 'AWS' && !/^vpce-[0-9a-f]{8,17}$/.test(value)) return `"${value}" is not an AWS VPC endpoint id (vpce-0123456789abcdef0)`;
	if (cloud === 'GCP' && !/^\d{6,20}$/.test(value)) return `"${value}" is not a Private Service Connect id (the forwarding rule's numeric pscConnectionId)`;
	if (cloud === 'AZURE' && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateEndpoints\/[^/]+$/i.test(value)) {
		return `"${value}" is not an Azure private endpoint resource id (/subscriptions/…/resourceGroups/…/providers/Microsoft.Network/privateEndpoints/…)`;
	}

	return undefined;
}

/** Whether the id has any of the three shapes (before the cloud is known). */
export function looksLikeEndpointId(id: string): boolean {
	return (['AWS', 'GCP', 'AZURE'] as const).some(cloud => endpointIdProblem(cloud, id) === undefined);
}

/** The person's network details the commands need. */
export interface EndpointNetwork {
	region: string;
	network: string;
	subnets: string[];
	securityGroups: string[];
	resourceGroup?: string;
	/** The cluster's internal host in this region: Azure's private DNS zone is named after it. */
	internalHost?: string;
}

/** The service the cluster exposes. */
export interface EndpointService {
	name: string;
	endpointServiceId: string;
}

const cmd = (...words: string[]) => words.map(shellQuote).join(' ');

/** The commands that create the endpoint (and for AWS, turn on its private DNS name), with the values filled in. */
export function endpointCommands(cloud: string, service: EndpointService, net: EndpointNetwork): string[] {
	if (cloud === 'AWS') {
		return [
			cmd('aws', 'ec2', 'create-vpc-endpoint', '--region', net.region, '--vpc-id', net.network, '--vpc-endpoint-type', 'Interface', '--service-name', service.name, '--subnet-ids', ...net.subnets, '--security-group-ids', ...net.securityGroups, '--query', 'VpcEndpoint.VpcEndpointId', '--output', 'text'),
			'# once the connection is accepted (the next step), give it the cluster\'s private DNS name:',
			`aws ec2 modify-vpc-endpoint --region ${shellQuote(net.region)} --vpc-endpoint-id <the vpce-… id printed above> --private-dns-enabled`,
			`# the security group${net.securityGroups.length > 1 ? 's' : ''} must allow inbound TCP 26257`,
		];
	}

	if (cloud === 'GCP') {
		return [
			cmd('gcloud', 'compute', 'addresses', 'create', 'crdb-psc-ip', `--region=${net.region}`, `--subnet=${net.subnets[0] ?? ''}`),
			cmd('gcloud', 'compute', 'forwarding-rules', 'create', 'crdb-psc', `--region=${net.region}`, `--network=${net.network}`, '--address=crdb-psc-ip', `--target-service-attachment=${service.name}`),
			cmd('gcloud', 'compute', 'forwarding-rules', 'describe', 'crdb-psc', `--region=${net.region}`, '--format=value(pscConnectionId)'),
		];
	}

	return [
		cmd('az', 'network', 'private-endpoint', 'create', '--name', 'crdb-private-endpoint', '--resource-group', net.resourceGroup ?? '<resource group>', '--vnet-name', net.network, '--subnet', net.subnets[0] ?? '', '--private-connection-resource-id', service.endpointServiceId, '--connection-name', service.name, '--manual-request', 'true'),
		cmd('az', 'network', 'private-endpoint', 'show', '--name', 'crdb-private-endpoint', '--resource-group', net.resourceGroup ?? '<resource group>', '--query', 'id', '--output', 'tsv'),
		'# once the connection is accepted (the next step), point the cluster\'s internal host at the endpoint:',
		...azurePrivateDnsCommands(net.resourceGroup ?? '<resource group>', net.network, net.internalHost ?? '<the cluster\'s internal host>'),
	];
}

/**
Azure Private Link's DNS step, as commands: a private DNS zone named after the cluster's internal host, linked
to the VNet, with an @ A record for the endpoint's private IP. Without it the host resolves to nothing private.
`vnet` undefined: the VNet is read from the endpoint's subnet. `endpoint`: the words that select the endpoint for `az`.
*/
export function azurePrivateDnsCommands(resourceGroup: string, vnet: string | undefined, internalHost: string, endpoint: string[] = ['--name', 'crdb-private-endpoint', '--resource-group', resourceGroup]): string[] {
	const show = cmd('az', 'network', 'private-endpoint', 'show', ...endpoint);
	return [
		...(vnet === undefined ? [`VNET_ID=$(${show} --query subnet.id --output tsv | sed 's#/subnets/[^/]*$##')`] : []),
		cmd('az', 'network', 'private-dns', 'zone', 'create', '--resource-group', resourceGroup, '--name', internalHost),
		`${cmd('az', 'network', 'private-dns', 'link', 'vnet', 'create', '--resource-group', resourceGroup, '--zone-name', internalHost, '--name', 'crdb-dns-link', '--virtual-network')} ${vnet === undefined ? '"$VNET_ID"' : shellQuote(vnet)} --registration-enabled false`,
		`ENDPOINT_IP=$(${show} --query ${shellQuote('customDnsConfigs[0].ipAddresses[0]')} --output tsv)`,
		`${cmd('az', 'network', 'private-dns', 'record-set', 'a', 'add-record', '--resource-group', resourceGroup, '--zone-name', internalHost, '--record-set-name', '@')} --ipv4-address "$ENDPOINT_IP"`,
	];
}

/**
The DNS step for an Azure endpoint that exists already (its resource id given): the zone goes in the endpoint's
resource group, the endpoint is named by its id, and the VNet is `vnet` or read from the endpoint's subnet.
*/
export function azureDnsForEndpoint(endpointId: string, internalHost: string, vnet?: string): string[] {
	const resourceGroup = /\/resourceGroups\/([^/]+)\//i.exec(endpointId)?.[1] ?? '<resource group>';
	return azurePrivateDnsCommands(resourceGroup, vnet, internalHost, ['--ids', endpointId]);
}

/** What GCP VPC peering needs: the person's project and network, and the cluster's project and range. */
export interface PeeringNetwork {
	/** The person's GCP project and VPC network. */
	project: string;
	network: string;
	/** The cluster's GCP project (the API's account_id) and IPv4 range (cidr_range). */
	clusterProject: string;
	clusterRange: string;
	clusterName: string;
}

/** The network CockroachDB Cloud peers from in its project (named so on the Console's VPC Peering tab). */
const CLOUD_PEER_NETWORK = 'crdb';

/**
GCP VPC peering (Advanced on GCP): the range check and the `gcloud` commands, filled from the cluster's network
details. The Console's VPC Peering tab makes CockroachDB Cloud's side of the peering; these make yours.
*/
export function vpcPeeringCommands(net: PeeringNetwork): string[] {
	const name = `crdb-${net.clusterName}`.slice(0, 63);
	return [
		`# the cluster uses ${net.clusterRange || '(no range reported)'}: none of your subnets may overlap it`,
		cmd('gcloud', 'compute', 'networks', 'subnets', 'list', `--project=${net.project}`, `--filter=network:${net.network}`, '--format=value(ipCidrRange)'),
		cmd('gcloud', 'compute', 'networks', 'peerings', 'create', name, `--project=${net.project}`, `--network=${net.network}`, `--peer-project=${net.clusterProject}`, `--peer-network=${CLOUD_PEER_NETWORK}`),
		'# the peering is ready when its STATE is ACTIVE:',
		cmd('gcloud', 'compute', 'networks', 'peerings', 'list', `--project=${net.project}`, `--network=${net.network}`),
	];
}
