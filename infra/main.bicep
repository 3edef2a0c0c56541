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

@description('Optional. Principal type of `principalId`.')
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

@description('Optional. Partitions of the touchpoints hub.')
@minValue(1)
@maxValue(32)
param eventHubsPartitionCount int = 4

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

@description('Optional. Time zone whose calendar days the snapshots cover.')
param snapshotTimeZone string = 'UTC'

@description('Optional. The write keys of the HTTP sources as a JSON object, for example {"web":"<key>","crm":"<key>"}. Property names are the source names (letters and digits). Each key is stored in Key Vault; the app sees only a Key Vault reference.')
@secure()
param writeKeys string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
// The plan deploys the package from this container; named after the app so several apps can share an account.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'

var writeKeyMap = empty(writeKeys) ? {} : json(writeKeys)
var writeKeySecretPrefix = 'write-key-'
var writeKeySecrets = map(objectKeys(writeKeyMap), sourceName => {
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
    eventHubName: 'touchpoints'
    consumerGroupName: 'pipeline'
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

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    secrets: toObject(items(writeKeyMap), entry => '${writeKeySecretPrefix}${toLower(entry.key)}', entry => entry.value)
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: resourceGroup
  params: {
    storageAccountName: storage.outputs.name
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
    keyVaultName: keyVault.outputs.name
    writeKeySecrets: writeKeySecrets
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    journeysTableName: storage.outputs.journeysTableName
    snapshotsContainerName: storage.outputs.snapshotsContainerName
    deadLetterContainerName: storage.outputs.deadLetterContainerName
    bucketCount: bucketCount
    funnelPath: funnelPath
    snapshotSchedule: snapshotSchedule
    snapshotLateDays: snapshotLateDays
    snapshotTimeZone: snapshotTimeZone
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
