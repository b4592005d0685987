import { ModulePlaceholder } from '../components/ModulePlaceholder.js';

export default function PackagingPage() {
  return (
    <ModulePlaceholder
      title="Packaging"
      icon="packaging"
      issue={4}
      tagline="Right-sized boxes and consolidated parcels."
      description="The packaging module will choose the smallest fitting box for each order by solving the cartonization problem, design a box range that fits a merchant's order history, and merge orders to the same address into one parcel. Each choice will be checked geometrically and will report the board, void fill and parcels it saves compared with the merchant's current practice."
      capabilities={[
        'Box choice per order with a verified 3D packing',
        'Box-range design from a merchant’s order history',
        'Order consolidation for shipments to the same address',
        'Savings against the current boxes, per merchant',
      ]}
      reportsIn={['kg board', 'parcels', 'kg CO2e']}
    />
  );
}
