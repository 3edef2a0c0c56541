metadata description = 'The Event Hubs namespace, the touchpoints hub and the pipeline\'s consumer group. Entra ID only: SAS keys are off.'

@description('Required. Name of the Event Hubs namespace.')
@minLength(6)
@maxLength(50)
param name string

@description('Required. Azure region of the namespace.')
param location string

@description('Optional. Tags of the resource.')
param tags object = {}

@description('Optional. Throughput units of the Standard namespace (1 TU = 1 MB/s or 1,000 events/s in).')
@minValue(1)
@maxValue(40)
param throughputUnits int = 1

@description('Optional. Whether the namespace adds throughput units under load instead of throttling producers.')
param autoInflateEnabled bool = true

@description('Optional. The most throughput units auto-inflate may reach; caps the cost of a burst. Ignored when auto-inflate is off.')
@minValue(1)
@maxValue(40)
param maximumThroughputUnits int = 4

@description('Optional. Name of the touchpoints event hub.')
param eventHubName string = 'touchpoints'

@description('Optional. Partitions of the touchpoints hub: the most Function instances that read it in parallel. Cannot be lowered later on Standard.')
@minValue(1)
@maxValue(32)
param partitionCount int = 4

@description('Optional. Days an event stays readable in the hub, the window for replaying after an outage. 7 is the Standard tier\'s most.')
@minValue(1)
@maxValue(7)
param messageRetentionInDays int = 7

@description('Optional. Whether the namespace accepts traffic from public networks. Off in private network mode, where the app reaches it through a private endpoint.')
param publicNetworkAccess bool = true

@description('Optional. Resource ID of the Log Analytics workspace that receives the namespace\'s logs. Empty: no diagnostic settings.')
param logAnalyticsWorkspaceId string = ''

@description('Optional. Name of the consumer group the pipeline reads with.')
param consumerGroupName string = 'pipeline'

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: throughputUnits
  }
  properties: {
    // SAS keys would let any holder send or read regardless of RBAC.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
    isAutoInflateEnabled: autoInflateEnabled
    maximumThroughputUnits: autoInflateEnabled ? max(maximumThroughputUnits, throughputUnits) : 0
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: eventHubName
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: messageRetentionInDays
  }
}

resource consumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: hub
  name: consumerGroupName
}

// Operational, auto-scale and runtime audit logs: who sent or read, throttling, and inflate events.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (!empty(logAnalyticsWorkspaceId)) {
  name: 'to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

@description('The name of the namespace.')
output name string = namespace.name

@description('The resource ID of the namespace.')
output resourceId string = namespace.id

@description('The fully qualified host name of the namespace, for producers and the trigger connection.')
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]

@description('The name of the touchpoints hub.')
output eventHubName string = hub.name

@description('The resource ID of the touchpoints hub.')
output eventHubResourceId string = hub.id

@description('The name of the pipeline\'s consumer group.')
output consumerGroupName string = consumerGroup.name
