import {describe, expect, it} from 'vitest';
import {azurePrivateDnsCommands, endpointCommands, offersVpcPeering, vpcPeeringCommands} from '../../src/core/private-endpoint.js';

describe('private connectivity commands', () => {
	it('Azure: creates the endpoint, then a private DNS zone named after the internal host, linked to the VNet, with an @ record', () => {
		const lines = endpointCommands('AZURE', {name: 'crdb-eastus-pls', endpointServiceId: '/subscriptions/0/resourceGroups/crl/providers/Microsoft.Network/privateLinkServices/x'}, {region: 'eastus', network: 'vnet', subnets: ['sn'], securityGroups: [], resourceGroup: 'rg', internalHost: 'internal-db.eastus.azure.cockroachlabs.cloud'});
		expect(lines.slice(3)).toEqual(azurePrivateDnsCommands('rg', 'vnet', 'internal-db.eastus.azure.cockroachlabs.cloud'));
		expect(lines.join('\n')).not.toMatch(/# then add a private DNS zone/);
		expect(azurePrivateDnsCommands('my rg', 'v', 'h.example')[0]).toBe("az network private-dns zone create --resource-group 'my rg' --name h.example");
	});

	it('GCP VPC peering: the range check, the peering with the cluster\'s project, and its state', () => {
		const lines = vpcPeeringCommands({project: 'acme-1', network: 'apps', clusterProject: 'crl-prod-x', clusterRange: '172.28.0.0/14', clusterName: 'analytics'});
		expect(lines).toEqual([
			'# the cluster uses 172.28.0.0/14: none of your subnets may overlap it',
			"gcloud compute networks subnets list --project=acme-1 --filter=network:apps '--format=value(ipCidrRange)'",
			'gcloud compute networks peerings create crdb-analytics --project=acme-1 --network=apps --peer-project=crl-prod-x --peer-network=crdb',
			'# the peering is ready when its STATE is ACTIVE:',
			'gcloud compute networks peerings list --project=acme-1 --network=apps',
		]);
	});

	it('offers VPC peering only on Advanced GCP clusters', () => {
		expect(offersVpcPeering({plan: 'ADVANCED', cloud: 'GCP'})).toBe(true);
		expect(offersVpcPeering({plan: 'STANDARD', cloud: 'GCP'})).toBe(false);
		expect(offersVpcPeering({plan: 'ADVANCED', cloud: 'AWS'})).toBe(false);
	});
});
