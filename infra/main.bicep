metadata description = 'The touchpoint pipeline: a Flex Consumption Function App, its storage, Event Hubs, monitoring and Key Vault, connected by one user-assigned identity with no keys or connection strings.'

targetScope = 'subscription'

@description('Required. Name of the azd environment; seeds every resource name and tags the resources.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Required. Azure region of all resources (one that offers the Flex Consumption plan).')
@minLength(1)
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Optional. Principal ID of the deploying developer (azd passes AZURE_PRINCIPAL_ID); it may read journeys and snapshots and send test events. Empty: no developer access.')
param principalId string = ''

@description('Optional. Principal type of `principalId` (azd passes AZURE_PRINCIPAL_TYPE): ServicePrincipal when azd runs in CI, else User. A wrong type fails the role assignments with UnmatchedPrincipalType.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Optional. Principal ID of a service that produces touchpoints into the hub; it gets Azure Event Hubs Data Sender on the hub. Empty: none.')
param eventHubsProducerPrincipalId string = ''

@description('Optional. The most instances the Function App scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Optional. Memory of each Function App instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Throughput units of the Event Hubs namespace.')
@minValue(1)
@maxValue(40)
param eventHubsThroughputUnits int = 1

@description('Optional. Whether the Event Hubs namespace adds throughput units under load.')
param eventHubsAutoInflateEnabled bool = true

@description('Optional. The most throughput units auto-inflate may reach.')
@minValue(1)
@maxValue(40)
param eventHubsMaximumThroughputUnits int = 4

@description('Optional. Partitions of the touchpoints hub: the most Function instances that read it at once. Fixed at the first deployment on the Standard tier (infra/README.md says how to choose).')
@minValue(1)
@maxValue(32)
param eventHubsPartitionCount int = 8

@description('Optional. Days an event stays readable in the hub: the window for replaying after an outage or a bad release. 7 is the Standard tier\'s most.')
@minValue(1)
@maxValue(7)
param eventHubsMessageRetentionInDays int = 7

@description('Optional. Number of bucket partitions of the journey table.')
@minValue(1)
@maxValue(1024)
param bucketCount int = 16

@description('Optional. Path of the funnel definition, relative to the app\'s content root.')
param funnelPath string = 'funnels/default.json'

@description('Optional. NCRONTAB schedule (six fields, with seconds) of the daily snapshot.')
param snapshotSchedule string = '0 15 0 * * *'

@description('Optional. Days after which a day\'s snapshot is written again to include late touchpoints.')
@minValue(0)
@maxValue(31)
param snapshotLateDays int = 2

@description('Optional. Time zone (IANA id, for example Europe/Berlin) whose calendar days the snapshots cover.')
@minLength(1)
param snapshotTimeZone string = 'UTC'

@description('Optional. Origins (scheme://host[:port]) allowed to call the browser paths cross-origin, for example ["https://www.example.com"]. Empty: none. The pixel (an image) and text/plain beacons work without CORS.')
param corsOrigins string[] = []

@description('Optional. Whether the tracking pixel must carry a write key (`wk`). On by default so that no ingest path is open to anyone; a pixel\'s key is visible in the page, so give the pixel a source of its own.')
param pixelRequiresWriteKey bool = true

@description('Optional. Instances kept warm for the HTTP functions (pixel, beacon, API), so a visitor\'s first request does not wait for a cold start. 0: none (each always-ready instance is billed while idle).')
@minValue(0)
@maxValue(20)
param httpAlwaysReadyInstanceCount int = 0

@description('Optional. The write keys of the HTTP sources as a JSON object, for example {"web":"<key>","crm":"<key>"}. Property names are the source names (letters and digits). Each key is stored in Key Vault; the app sees only a Key Vault reference.')
@secure()
param writeKeys object = {}

@description('Optional. Days a dead-lettered touchpoint is kept before the lifecycle policy deletes it. Dead letters hold personal data and are kept only to be re-sent.')
@minValue(1)
@maxValue(3650)
param deadLetterRetentionDays int = 30

@description('Optional. Days after which snapshot blobs move to the cool tier (they are read rarely once the day is past its late-data window).')
@minValue(1)
@maxValue(3650)
param snapshotCoolAfterDays int = 30

@description('Optional. Whether a deleted Key Vault stays unpurgeable for its retention period. Turn it on for production: it cannot be turned off again, and it keeps `azd down --purge` from freeing the vault\'s name.')
param keyVaultEnablePurgeProtection bool = false

@description('Optional. Days a deleted vault or secret can be recovered. Set once: it cannot be changed after the vault is created.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 7

@description('Optional. Private network mode: a virtual network the app joins, private endpoints for blob, queue, table, Event Hubs and Key Vault, and public network access to them turned off. Producers and developers must then reach the hub and storage from inside the network.')
param privateNetworking bool = false

@description('Optional. Address space of the virtual network in private network mode.')
param virtualNetworkAddressPrefix string = '10.40.0.0/16'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
// The plan deploys the package from this container; named after the app so several apps can share an account.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'

var writeKeySecretPrefix = 'write-key-'
var writeKeySecrets = map(objectKeys(writeKeys), sourceName => {
  sourceName: sourceName
  secretName: '${writeKeySecretPrefix}${toLower(sourceName)}'
})

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    // The pipeline's names are fixed here, where they meet the app settings, rather than left to module defaults.
    snapshotsContainerName: 'snapshots'
    deadLetterContainerName: 'deadletter'
    journeysTableName: 'journeys'
    deadLetterRetentionDays: deadLetterRetentionDays
    snapshotCoolAfterDays: snapshotCoolAfterDays
    publicNetworkAccess: !privateNetworking
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsResourceId
  }
}

module eventHubs 'app/eventhubs.bicep' = {
  name: 'eventhubs'
  scope: resourceGroup
  params: {
    name: '${abbrs.eventHubNamespaces}${resourceToken}'
    location: location
    tags: tags
    throughputUnits: eventHubsThroughputUnits
    autoInflateEnabled: eventHubsAutoInflateEnabled
    maximumThroughputUnits: eventHubsMaximumThroughputUnits
    partitionCount: eventHubsPartitionCount
    messageRetentionInDays: eventHubsMessageRetentionInDays
    eventHubName: 'touchpoints'
    consumerGroupName: 'pipeline'
    publicNetworkAccess: !privateNetworking
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsResourceId
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    secrets: toObject(items(writeKeys), entry => '${writeKeySecretPrefix}${toLower(entry.key)}', entry => entry.value)
    enablePurgeProtection: keyVaultEnablePurgeProtection
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    publicNetworkAccess: !privateNetworking
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsResourceId
  }
}

module network 'app/network.bicep' = if (privateNetworking) {
  name: 'network'
  scope: resourceGroup
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
    addressPrefix: virtualNetworkAddressPrefix
    privateEndpointNamePrefix: abbrs.networkPrivateEndpoints
    resourceToken: resourceToken
    storageAccountName: storage.outputs.name
    eventHubsNamespaceName: eventHubs.outputs.name
    keyVaultName: keyVault.outputs.name
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: resourceGroup
  params: {
    storageAccountName: storage.outputs.name
    snapshotsContainerName: storage.outputs.snapshotsContainerName
    deadLetterContainerName: storage.outputs.deadLetterContainerName
    eventHubsNamespaceName: eventHubs.outputs.name
    eventHubName: eventHubs.outputs.eventHubName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    appPrincipalId: identity.outputs.principalId
    producerPrincipalId: eventHubsProducerPrincipalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: resourceGroup
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    eventHubsNamespaceName: eventHubs.outputs.name
    eventHubName: eventHubs.outputs.eventHubName
    eventHubConsumerGroupName: eventHubs.outputs.consumerGroupName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsResourceId
    keyVaultName: keyVault.outputs.name
    writeKeySecrets: writeKeySecrets
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    httpAlwaysReadyInstanceCount: httpAlwaysReadyInstanceCount
    virtualNetworkSubnetId: privateNetworking ? network!.outputs.appSubnetId : ''
    journeysTableName: storage.outputs.journeysTableName
    snapshotsContainerName: storage.outputs.snapshotsContainerName
    deadLetterContainerName: storage.outputs.deadLetterContainerName
    bucketCount: bucketCount
    funnelPath: funnelPath
    snapshotSchedule: snapshotSchedule
    snapshotLateDays: snapshotLateDays
    snapshotTimeZone: snapshotTimeZone
    corsOrigins: corsOrigins
    pixelRequiresWriteKey: pixelRequiresWriteKey
  }
  // The app's first start needs its roles: without them the host cannot reach storage or the hub and reports itself unhealthy.
  dependsOn: [
    rbac
  ]
}

@description('The resource group everything is deployed to.')
output AZURE_RESOURCE_GROUP string = resourceGroup.name

@description('The Azure region.')
output AZURE_LOCATION string = location

@description('The tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('The name of the Function App.')
output AZURE_FUNCTION_APP_NAME string = api.outputs.name

@description('The base URL of the Function App.')
output SERVICE_API_URI string = 'https://${api.outputs.defaultHostName}'

@description('The client ID of the app\'s managed identity.')
output AZURE_CLIENT_ID string = identity.outputs.clientId

@description('The name of the storage account.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('The blob endpoint (snapshots, dead letters).')
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint

@description('The table endpoint (journeys).')
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint

@description('The fully qualified Event Hubs namespace producers send to.')
output EVENTHUBS_FULLY_QUALIFIED_NAMESPACE string = eventHubs.outputs.fullyQualifiedNamespace

@description('The name of the touchpoints hub.')
output EVENTHUB_NAME string = eventHubs.outputs.eventHubName

@description('The name of the Key Vault that holds the write keys.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('The name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
