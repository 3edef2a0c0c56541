metadata description = 'The Function App on the Flex Consumption plan. Every connection is identity-based through the user-assigned identity; write keys come from Key Vault references.'

@description('Required. Name of the Function App.')
@minLength(2)
@maxLength(60)
param name string

@description('Required. Name of the Flex Consumption plan.')
@minLength(1)
@maxLength(60)
param planName string

@description('Required. Azure region of the plan and the app.')
param location string

@description('Optional. Tags of the resources; the app additionally gets the azd service tag.')
param tags object = {}

@description('Optional. The azd service this app hosts (the service name in azure.yaml).')
param serviceName string = 'api'

@description('Required. Name of the user-assigned managed identity the app runs as.')
param identityName string

@description('Required. Name of the storage account (host storage and pipeline data).')
param storageAccountName string

@description('Required. The blob container the plan deploys the app package from.')
param deploymentContainerName string

@description('Required. Name of the Event Hubs namespace.')
param eventHubsNamespaceName string

@description('Required. Name of the touchpoints hub.')
param eventHubName string

@description('Required. Name of the consumer group the pipeline reads with.')
param eventHubConsumerGroupName string

@description('Required. Name of the Application Insights component.')
param applicationInsightsName string

@description('Optional. Resource ID of the Log Analytics workspace that receives the function logs. Empty: no diagnostic settings.')
param logAnalyticsWorkspaceId string = ''

@description('Required. Name of the Key Vault that holds the write keys.')
param keyVaultName string

@description('Optional. The write-key sources: each `sourceName` becomes the setting Touchpoints__WriteKeys__<sourceName>, a Key Vault reference to `secretName`.')
param writeKeySecrets {
  @description('Required. The source name (letters and digits), as the pipeline knows it.')
  sourceName: string
  @description('Required. The name of the Key Vault secret that holds the source\'s write key.')
  secretName: string
}[] = []

@description('Optional. The most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Optional. Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Instances kept warm for the HTTP functions (the `http` group), so the pixel and the API do not wait for a cold start. 0: none.')
@minValue(0)
@maxValue(20)
param httpAlwaysReadyInstanceCount int = 0

@description('Optional. Resource ID of the subnet (delegated to Microsoft.App/environments) the app joins for private network mode. Empty: no virtual network.')
param virtualNetworkSubnetId string = ''

@description('Optional. Name of the journey table.')
param journeysTableName string = 'journeys'

@description('Optional. Name of the blob container the daily snapshots are written to.')
param snapshotsContainerName string = 'snapshots'

@description('Optional. Name of the blob container failed touchpoints are dead-lettered to.')
param deadLetterContainerName string = 'deadletter'

@description('Optional. Number of bucket partitions the journey table is spread over.')
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

@description('Optional. Time zone (IANA id) whose calendar days the snapshots cover.')
@minLength(1)
param snapshotTimeZone string = 'UTC'

@description('Optional. Origins allowed to call the browser paths cross-origin. Empty: none.')
param corsOrigins string[] = []

@description('Optional. Whether the tracking pixel must carry a write key.')
param pixelRequiresWriteKey bool = true

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource eventHubsNamespace 'Microsoft.EventHub/namespaces@2024-01-01' existing = {
  name: eventHubsNamespaceName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Without it the platform would resolve Key Vault references with a system-assigned identity the app does not have.
    keyVaultReferenceIdentity: identity.id
    // Private network mode: the app reaches storage, the hub and the vault through the network's private endpoints.
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // The `http` group covers every HTTP function; warm instances spare a pixel or beacon the cold start.
        alwaysReady: httpAlwaysReadyInstanceCount > 0
          ? [
              {
                name: 'http'
                instanceCount: httpAlwaysReadyInstanceCount
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing with a user name and password would bypass Entra ID; azd deploys with a token.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

var connectionSettings = {
  // The host and the pipeline share this connection: host locks and checkpoints, the journey table, snapshots and dead letters.
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  EventHubConnection__fullyQualifiedNamespace: split(split(eventHubsNamespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
  EventHubConnection__credential: 'managedidentity'
  EventHubConnection__clientId: identity.properties.clientId
  // DefaultAzureCredential in the app's own code would otherwise find no identity: the site has no system-assigned one.
  AZURE_CLIENT_ID: identity.properties.clientId
  // The connection string only names the ingestion endpoint; with local auth off it grants nothing without a token.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
}

var pipelineSettings = {
  EventHubName: eventHubName
  EventHubConsumerGroup: eventHubConsumerGroupName
  Touchpoints__TableName: journeysTableName
  Touchpoints__SnapshotContainer: snapshotsContainerName
  Touchpoints__DeadLetterContainer: deadLetterContainerName
  Touchpoints__BucketCount: string(bucketCount)
  Touchpoints__FunnelPath: funnelPath
  SnapshotSchedule: snapshotSchedule
  Touchpoints__Snapshots__LateDays: string(snapshotLateDays)
  Touchpoints__Snapshots__TimeZone: snapshotTimeZone
  Touchpoints__PixelRequiresWriteKey: pixelRequiresWriteKey ? 'true' : 'false'
}

// The app reads an empty list as "any origin", so "no origins" is said with the one entry `none`, which matches no origin.
var corsSettings = empty(corsOrigins)
  ? {
      Touchpoints__CorsOrigins__0: 'none'
    }
  : toObject(range(0, length(corsOrigins)), i => 'Touchpoints__CorsOrigins__${i}', i => corsOrigins[i])

// Unversioned secret URIs, so a rotated key is picked up without a redeployment.
var writeKeySettings = toObject(
  writeKeySecrets,
  source => 'Touchpoints__WriteKeys__${source.sourceName}',
  source => '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${source.secretName})'
)

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(connectionSettings, pipelineSettings, corsSettings, writeKeySettings)
}

// The host's and the functions' logs (FunctionAppLogs) in the workspace, next to the other resources' audit logs.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(logAnalyticsWorkspaceId)) {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
  }
}

@description('The name of the Function App.')
output name string = site.name

@description('The resource ID of the Function App.')
output resourceId string = site.id

@description('The default host name of the Function App.')
output defaultHostName string = site.properties.defaultHostName

@description('The name of the Flex Consumption plan.')
output planName string = plan.name
