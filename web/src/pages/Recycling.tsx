import { ModulePlaceholder } from '../components/ModulePlaceholder.js';

export default function RecyclingPage() {
  return (
    <ModulePlaceholder
      title="Recycling"
      icon="recycling"
      issue={8}
      tagline="Packaging drop-offs at stations, a points ledger and box reuse."
      description="The recycling module will record the boxes consumers bring back to pick-up/drop-off stations, credit them points in an auditable ledger, and send reusable boxes back into packing. Station operators will record drop-offs only for their own stations, and the network will see how much board each station keeps out of waste."
      capabilities={[
        'Drop-off recording per station',
        'Points ledger for consumers, with an audit trail',
        'Boxes returned to packing for a second use',
        'Board recovered per station and region',
      ]}
      reportsIn={['boxes reused', 'kg board', 'kg CO2e']}
    />
  );
}
