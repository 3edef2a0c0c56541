metadata description = 'Private network mode: a virtual network the Function App joins, and private endpoints (with their private DNS zones) for the storage account\'s blob, queue and table services, the Event Hubs namespace and the Key Vault.'

@description('Required. Name of the virtual network.')
@minLength(2)
@maxLength(64)
param name string

@description('Required. Azure region of the network and the private endpoints.')
param location string

@description('Optional. Tags of the resources.')
param tags object = {}

@description('Optional. Address space of the virtual network; the app subnet takes its first /24, the private endpoints the second.')
param addressPrefix string = '10.40.0.0/16'

@description('Optional. Name prefix of the private endpoints (each is prefix + service + resource token).')
param privateEndpointNamePrefix string = 'pe-'

@description('Required. The resource token that ends every private endpoint\'s name.')
@minLength(1)
param resourceToken string

@description('Required. Name of the storage account whose blob, queue and table services get private endpoints.')
param storageAccountName string

@description('Required. Name of the Event Hubs namespace that gets a private endpoint.')
param eventHubsNamespaceName string

@description('Required. Name of the Key Vault that gets a private endpoint.')
param keyVaultName string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource eventHubsNamespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: eventHubsNamespaceName
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

// One entry per private endpoint: the service it reaches (groupId: blob, queue and table are the storage account's, namespace
// the hub's, vault the Key Vault's) and the private DNS zone that resolves the service's public name inside the network.
var endpoints = [
  {
    service: 'blob'
    groupId: 'blob'
    zone: 'privatelink.blob.${environment().suffixes.storage}'
  }
  {
    service: 'queue'
    groupId: 'queue'
    zone: 'privatelink.queue.${environment().suffixes.storage}'
  }
  {
    service: 'table'
    groupId: 'table'
    zone: 'privatelink.table.${environment().suffixes.storage}'
  }
  {
    service: 'eventhubs'
    groupId: 'namespace'
    zone: 'privatelink.servicebus.windows.net'
  }
  {
    service: 'vault'
    groupId: 'vault'
    zone: 'privatelink.vaultcore.azure.net'
  }
]

resource virtualNetwork 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          // Flex Consumption joins a network through a subnet delegated to this service.
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource appSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: virtualNetwork
  name: 'app'
}

resource endpointSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: virtualNetwork
  name: 'private-endpoints'
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for endpoint in endpoints: {
    name: endpoint.zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (endpoint, i) in endpoints: {
    parent: zones[i]
    name: virtualNetwork.name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: virtualNetwork.id
      }
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for endpoint in endpoints: {
    name: '${privateEndpointNamePrefix}${endpoint.service}-${resourceToken}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: endpointSubnet.id
      }
      privateLinkServiceConnections: [
        {
          name: endpoint.service
          properties: {
            privateLinkServiceId: endpoint.groupId == 'namespace'
              ? eventHubsNamespace.id
              : endpoint.groupId == 'vault' ? keyVault.id : storage.id
            groupIds: [
              endpoint.groupId
            ]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (endpoint, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: endpoint.service
          properties: {
            privateDnsZoneId: zones[i].id
          }
        }
      ]
    }
  }
]

@description('The name of the virtual network.')
output name string = virtualNetwork.name

@description('The resource ID of the virtual network.')
output resourceId string = virtualNetwork.id

@description('The resource ID of the subnet the Function App joins.')
output appSubnetId string = appSubnet.id
