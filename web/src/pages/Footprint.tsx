import { ModulePlaceholder } from '../components/ModulePlaceholder.js';

export default function FootprintPage() {
  return (
    <ModulePlaceholder
      title="Footprint"
      icon="footprint"
      issue={3}
      tagline="Greenhouse-gas emissions of every shipment, following ISO 14083."
      description="The footprint module will compute the well-to-wheel emissions of each transport chain, leg by leg and hub by hub, with every emission factor traced to its published source. It will roll shipments up by lane, mode, merchant and month, so the operator can see where the emissions of the network come from and each merchant can see the footprint of its own parcels."
      capabilities={[
        'Per-shipment and per-leg emissions (WTW and TTW) by transport mode',
        'Hub and warehouse emissions allocated to the parcels they handle',
        'Emission-factor library with provenance for every value',
        'Batch footprints for imported shipment files',
      ]}
      reportsIn={['kg CO2e', 't·km', 'g CO2e per parcel']}
    />
  );
}
